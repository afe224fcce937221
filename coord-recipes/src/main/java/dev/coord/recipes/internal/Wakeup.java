package dev.coord.recipes.internal;

import dev.coord.WatchedEvent;
import dev.coord.Watcher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wakeup is a one-shot signal a waiting recipe blocks on: it is the watcher of the read the recipe
 * waits behind, and the recipe's session listener also fires it, so a waiter re-checks its state on
 * any watch event or session change. Firing twice is harmless.
 *
 * <p>Thread-safe: fired on a session's dispatcher thread, awaited on the application's.
 */
public final class Wakeup implements Watcher {
    private final CompletableFuture<Void> fired = new CompletableFuture<>();

    @Override
    public void process(WatchedEvent event) {
        fire();
    }

    /** Wakes the waiter (if any, now or later). */
    public void fire() {
        fired.complete(null);
    }

    /** True once fired. */
    public boolean isFired() {
        return fired.isDone();
    }

    /**
     * Waits until fired or until {@code deadlineNs} (a {@link System#nanoTime()} value) passes; returns
     * whether it was fired. {@code Long.MAX_VALUE} waits without a deadline.
     */
    public boolean await(long deadlineNs) throws InterruptedException {
        try {
            if (deadlineNs == Long.MAX_VALUE) {
                fired.get();
                return true;
            }
            long leftNs = deadlineNs - System.nanoTime();
            if (leftNs <= 0) {
                return fired.isDone();
            }
            fired.get(leftNs, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a wakeup never fails", e);
        }
    }
}
