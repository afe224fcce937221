package dev.coord.recipes.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Await waits for a condition with a deadline (a test never sleeps to let things settle; where no
 * latch or event can say "done", it checks the condition every few milliseconds until the deadline).
 */
public final class Await {
    /** The deadline tests use for things that take milliseconds when all is well. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    private Await() {
    }

    /** Returns once {@code condition} holds; fails with {@code what} if it does not within {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    /** {@link #until(BooleanSupplier, Duration, String)} with {@link #DEADLINE}. */
    public static void until(BooleanSupplier condition, String what) {
        until(condition, DEADLINE, what);
    }
}
