package dev.coord.testkit.check;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PlainSearch is the Wing and Gong search with Lowe's memoization and nothing else: it walks the
 * {@link EventList}, tries every call before the first return in list order, and memoizes exact
 * configurations. Slow, and simple enough to trust; {@link LinearizabilitySearch} with its reductions
 * must always agree with it.
 */
final class PlainSearch {
    private PlainSearch() {
    }

    /** Whether {@code ops} is linearizable with respect to {@code model}, or UNKNOWN if the deadline passed. */
    static <S, O> Verdict search(Model<S, O> model, List<TimedOp<O>> ops, Deadline deadline) {
        int mustLinearize = (int) ops.stream().filter(TimedOp::returned).count();
        if (mustLinearize == 0) {
            return Verdict.LINEARIZABLE;
        }
        EventList events = new EventList(ops);
        long[] linearized = new long[(ops.size() + 63) / 64];
        Set<List<Object>> memo = new HashSet<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        S state = model.initial();
        EventList.Event event = events.first();
        long steps = 0;
        while (true) {
            if (++steps % 4096 == 0 && deadline.passed()) {
                return Verdict.UNKNOWN;
            }
            if (event != null && event.call) {
                S next = model.step(state, ops.get(event.op).op());
                boolean pointless = next != null && event.match == null && next.equals(state);
                long[] with = linearized.clone();
                with[event.op >>> 6] |= 1L << event.op;
                if (next != null && !pointless && memo.add(List.of(Arrays.toString(with), next))) {
                    stack.push(new Object[] {event, state});
                    linearized = with;
                    state = next;
                    events.lift(event);
                    if (event.match != null && --mustLinearize == 0) {
                        return Verdict.LINEARIZABLE;
                    }
                    event = events.first();
                } else {
                    event = event.next;
                }
                continue;
            }
            if (stack.isEmpty()) {
                return Verdict.NOT_LINEARIZABLE;
            }
            Object[] undone = stack.pop();
            EventList.Event call = (EventList.Event) undone[0];
            @SuppressWarnings("unchecked")
            S before = (S) undone[1];
            state = before;
            linearized = linearized.clone();
            linearized[call.op >>> 6] &= ~(1L << call.op);
            events.unlift(call);
            if (call.match != null) {
                mustLinearize++;
            }
            event = call.next;
        }
    }
}
