package dev.coord.recipes.internal;

import java.time.Duration;

/** Deadline turns a timeout into a {@link System#nanoTime()} deadline, saturating instead of overflowing. */
public final class Deadline {
    /** No deadline. */
    public static final long NONE = Long.MAX_VALUE;
    private static final Duration ENDLESS = Duration.ofDays(365L * 100);

    private Deadline() {
    }

    /** The deadline {@code timeout} from now; NONE for a null or practically endless timeout. Negative means now. */
    public static long after(Duration timeout) {
        if (timeout == null || timeout.compareTo(ENDLESS) >= 0) {
            return NONE;
        }
        return System.nanoTime() + Math.max(0, timeout.toNanos());
    }

    /** True when {@code deadlineNs} has passed. */
    public static boolean passed(long deadlineNs) {
        return deadlineNs != NONE && System.nanoTime() - deadlineNs >= 0;
    }
}
