package dev.coord.testkit.check;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * LinearizabilitySearch decides whether a history of timed operations is linearizable with respect to
 * a {@link Model}: the Wing and Gong search with Lowe's memoization, as Porcupine implements it, with
 * four reductions that keep it exact.
 *
 * <p>A configuration is the set of operations linearized so far and the state they lead to; the
 * operations that may come next are those invoked before the first return still in the
 * {@link EventList}. The search tries them in the order {@link Candidates} gives (earliest return
 * first); if the model accepts one and the new configuration has not been seen before, it lifts the
 * operation's events and goes on from there. When no candidate works, no ordering of what came before
 * makes room for the first return, so it backtracks. The history is linearizable once every operation
 * that returned is linearized; an operation that never returned ({@link TimedOp#NEVER}) has no return
 * event, so it can always be left out or placed last, which is how "it may never have taken effect"
 * is covered. For the same reason such an operation is never linearized where it would leave the state
 * unchanged: leaving it out is always at least as good.
 *
 * <p>The reductions:
 * <ul>
 * <li>Partial order: only the dependency closure of the operation that returns first is tried
 *     ({@link Candidates}, with the model's {@link Footprint}s).</li>
 * <li>An operation that returned and leaves the state unchanged, now and in any later state that accepts
 *     it ({@link Model#unchangedFromNowOn}: a read, a failed write), is linearized as soon as it is
 *     accepted, without trying the others first: any linearization of the rest that places it later
 *     still works with it moved to the front, since it changes nothing and everything that had to
 *     precede it is already linearized.</li>
 * <li>Dead ends: a configuration in which the model sees that some operation that returned can never
 *     be accepted again ({@link Model#neverAccepted}, {@link Model#blocksLater}) is abandoned at once.</li>
 * <li>Dominance: the {@link Memo} also skips a configuration that differs from one entered before only
 *     by more operations of unknown outcome linearized.</li>
 * </ul>
 * Each is checked against a plain search on random histories ({@code SearchReductionsTest}).
 *
 * <p>The search gives up with {@link Verdict#UNKNOWN} when the deadline passes (checked every few
 * thousand steps) or when the memo holds {@code memoLimit} configurations. Not thread-safe; one search
 * per call.
 */
public final class LinearizabilitySearch {
    /** The memo size at which the search gives up: with tree states, well under a gigabyte of heap. */
    public static final int DEFAULT_MEMO_LIMIT = 1_000_000;
    private static final int STEPS_BETWEEN_CLOCK_READS = 4096;

    private LinearizabilitySearch() {
    }

    /** Searches with the {@link #DEFAULT_MEMO_LIMIT}. */
    public static <S, O> Verdict search(Model<S, O> model, List<TimedOp<O>> ops, Deadline deadline) {
        return search(model, ops, deadline, DEFAULT_MEMO_LIMIT);
    }

    /** Whether {@code ops} is linearizable with respect to {@code model}, or UNKNOWN if a budget ran out. */
    public static <S, O> Verdict search(Model<S, O> model, List<TimedOp<O>> ops, Deadline deadline, int memoLimit) {
        return run(model, ops, deadline, memoLimit).verdict();
    }

    /**
     * Result is a search's verdict and, for NOT_LINEARIZABLE, the latest return time at which the search
     * had to backtrack: no ordering gets every operation returning by then linearized, so the violation
     * shows by that time (a lower bound on when a prefix of the history stops being linearizable).
     */
    record Result(Verdict verdict, long stuckAtNs) {
    }

    /** The search, with its {@link Result}. */
    static <S, O> Result run(Model<S, O> model, List<TimedOp<O>> ops, Deadline deadline, int memoLimit) {
        int mustLinearize = (int) ops.stream().filter(TimedOp::returned).count();
        if (mustLinearize == 0) {
            return new Result(Verdict.LINEARIZABLE, Long.MIN_VALUE);
        }
        long stuckAtNs = Long.MIN_VALUE;
        EventList events = new EventList(ops);
        Candidates<S, O> candidates = new Candidates<>(model, ops, events);
        long[] linearized = new long[(ops.size() + 63) / 64];
        Memo<S> memo = new Memo<>(ops);
        Deque<Frame<S>> stack = new ArrayDeque<>();
        S state = model.initial();
        int[] toTry = candidates.at(state);
        int next = 0;
        long steps = 0;
        while (true) {
            if (++steps % STEPS_BETWEEN_CLOCK_READS == 0 && deadline.passed() || memo.size() >= memoLimit) {
                return new Result(Verdict.UNKNOWN, stuckAtNs);
            }
            if (next < toTry.length) {
                int op = toTry[next++];
                EventList.Event call = events.call(op);
                S after = model.step(state, ops.get(op).op());
                if (after == null) {
                    continue;
                }
                boolean unchanged = after.equals(state);
                if (unchanged && call.match == null) {
                    continue;
                }
                boolean commit = unchanged && model.unchangedFromNowOn(state, ops.get(op).op());
                set(linearized, op);
                if (memo.add(linearized, after)) {
                    stack.push(new Frame<>(call, state, toTry, commit ? toTry.length : next));
                    state = after;
                    events.lift(call);
                    if (call.match != null && --mustLinearize == 0) {
                        return new Result(Verdict.LINEARIZABLE, stuckAtNs);
                    }
                    toTry = candidates.at(state);
                    next = 0;
                } else {
                    clear(linearized, op);
                    if (commit) {
                        next = toTry.length;
                    }
                }
                continue;
            }
            // Every candidate failed: no ordering of what is left makes room for the first return.
            stuckAtNs = Math.max(stuckAtNs, candidates.firstReturnNs());
            if (stack.isEmpty()) {
                return new Result(Verdict.NOT_LINEARIZABLE, stuckAtNs);
            }
            Frame<S> undone = stack.pop();
            state = undone.stateBefore;
            clear(linearized, undone.call.op);
            events.unlift(undone.call);
            if (undone.call.match != null) {
                mustLinearize++;
            }
            toTry = undone.toTry;
            next = undone.next;
        }
    }

    /**
     * Frame is one linearization on the search stack: the call lifted, the state before it, and where
     * the search goes on if it is undone ({@code next} in {@code toTry}; past the end if no other
     * candidate needs trying).
     */
    private record Frame<S>(EventList.Event call, S stateBefore, int[] toTry, int next) {
    }

    private static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << i;
    }

    private static void clear(long[] bits, int i) {
        bits[i >>> 6] &= ~(1L << i);
    }
}
