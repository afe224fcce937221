package dev.coord.testkit.check;

/**
 * TimedOp is one operation of a history with the interval in which it must take effect: after
 * {@code callNs} and before {@code returnNs}, on a clock common to the whole history.
 *
 * @param op       the operation, with its recorded outcome, as the {@link Model} reads it
 * @param callNs   when it was invoked
 * @param returnNs when its outcome was known; {@link #NEVER} if it never was, in which case the operation
 *                 may take effect at any time after {@code callNs} or not at all
 */
public record TimedOp<O>(O op, long callNs, long returnNs) {
    public static final long NEVER = Long.MAX_VALUE;

    public TimedOp {
        if (returnNs < callNs) {
            throw new IllegalArgumentException("operation returns (" + returnNs + ") before it is called (" + callNs + "): " + op);
        }
    }

    /** True if the operation returned, so it must be placed before {@code returnNs}. */
    public boolean returned() {
        return returnNs != NEVER;
    }
}
