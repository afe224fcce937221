package dev.coord.testkit.check;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * LinearizabilitySearch decides whether a history of timed operations is linearizable with respect to
 * a {@link Model}: the Wing and Gong search with Lowe's memoization, as Porcupine implements it.
 *
 * <p>The search walks the {@link EventList}. At a call event it tries to linearize that operation
 * next: if the model accepts it and the pair (set of linearized operations, new state) has not been
 * seen before, the operation's events are lifted from the list and the walk restarts from the front.
 * At a return event of an operation not yet linearized, no ordering of what came before can make room
 * for it, so the search backtracks: it undoes the last linearization and tries the call after it. The
 * history is linearizable once every operation that returned is linearized; an operation that never
 * returned ({@link TimedOp#NEVER}) has no return event, so it can always be left out or placed last,
 * which is how "it may never have taken effect" is covered. For the same reason such an operation is
 * never linearized where it would leave the state unchanged: leaving it out is always at least as good.
 *
 * <p>The search gives up with {@link Verdict#UNKNOWN} when the deadline passes (checked every few
 * thousand steps) or when the memo holds {@code memoLimit} configurations. Not thread-safe; one search
 * per call.
 */
public final class LinearizabilitySearch {
    /** The memo size at which the search gives up: with tree states, under a gigabyte of heap. */
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
        long[] linearized = new long[(ops.size() + 63) / 64];
        Set<Configuration> memo = new HashSet<>();
        Deque<Frame<S>> stack = new ArrayDeque<>();
        S state = model.initial();
        EventList.Event event = events.first();
        long steps = 0;
        while (true) {
            if (++steps % STEPS_BETWEEN_CLOCK_READS == 0 && deadline.passed() || memo.size() >= memoLimit) {
                return new Result(Verdict.UNKNOWN, stuckAtNs);
            }
            if (event != null && event.call) {
                S next = model.step(state, ops.get(event.op).op());
                boolean pointless = next != null && event.match == null && next.equals(state);
                if (next != null && !pointless && memo.add(new Configuration(with(linearized, event.op), next))) {
                    stack.push(new Frame<>(event, state));
                    set(linearized, event.op);
                    state = next;
                    events.lift(event);
                    if (event.match != null && --mustLinearize == 0) {
                        return new Result(Verdict.LINEARIZABLE, stuckAtNs);
                    }
                    event = events.first();
                } else {
                    event = event.next;
                }
                continue;
            }
            // A return event of an operation not yet linearized (or the end of the list): backtrack.
            if (event != null) {
                stuckAtNs = Math.max(stuckAtNs, ops.get(event.op).returnNs());
            }
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
            event = undone.call.next;
        }
    }

    /** Frame is one linearization on the search stack: the call lifted and the state before it. */
    private record Frame<S>(EventList.Event call, S stateBefore) {
    }

    private static long[] with(long[] bits, int i) {
        long[] copy = bits.clone();
        set(copy, i);
        return copy;
    }

    private static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << i;
    }

    private static void clear(long[] bits, int i) {
        bits[i >>> 6] &= ~(1L << i);
    }

    /** Configuration is a memo entry: which operations are linearized, and the state they lead to. */
    private static final class Configuration {
        private final long[] linearized;
        private final Object state;
        private final int hash;

        Configuration(long[] linearized, Object state) {
            this.linearized = linearized;
            this.state = state;
            this.hash = 31 * Arrays.hashCode(linearized) + state.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Configuration c && hash == c.hash && Arrays.equals(linearized, c.linearized) && state.equals(c.state);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
