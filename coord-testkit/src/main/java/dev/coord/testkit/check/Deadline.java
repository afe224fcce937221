package dev.coord.testkit.check;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Deadline is the moment a check must give up, on a nanosecond clock that is passed in (the system's
 * monotonic clock by default), so that one budget can be shared by several searches.
 */
public final class Deadline {
    private final LongSupplier clockNs;
    private final long deadlineNs;
    private final boolean unbounded;

    private Deadline(LongSupplier clockNs, long deadlineNs, boolean unbounded) {
        this.clockNs = clockNs;
        this.deadlineNs = deadlineNs;
        this.unbounded = unbounded;
    }

    /** A deadline {@code budget} from now on {@link System#nanoTime()}. */
    public static Deadline after(Duration budget) {
        return after(budget, System::nanoTime);
    }

    /** A deadline {@code budget} from now on {@code clockNs}. */
    public static Deadline after(Duration budget, LongSupplier clockNs) {
        long now = clockNs.getAsLong();
        try {
            long budgetNs = budget.isNegative() ? 0 : budget.toNanos();
            return new Deadline(clockNs, Math.addExact(now, budgetNs), false);
        } catch (ArithmeticException tooLong) {
            return new Deadline(clockNs, 0, true);
        }
    }

    /** True once the deadline has passed. */
    public boolean passed() {
        return !unbounded && clockNs.getAsLong() - deadlineNs >= 0;
    }
}
