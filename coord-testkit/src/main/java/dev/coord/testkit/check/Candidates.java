package dev.coord.testkit.check;

import java.util.List;

/**
 * Candidates chooses which operations {@link LinearizabilitySearch} tries to linearize next in one
 * configuration, and in which order.
 *
 * <p>The operations that may come next are those invoked before the first return still in the
 * {@link EventList}. Of these it keeps only the <em>dependency closure</em> of the operation {@code o}
 * that returns first: {@code o} and every candidate whose {@link Footprint} conflicts with one already
 * kept. This is sound (a partial-order reduction): every candidate {@code b} left out commutes with
 * {@code o} and all that is kept, in every state to come, and it returns no earlier than {@code o}; so
 * in any linearization of the rest that places {@code b} before {@code o}, {@code b} can be moved just
 * behind {@code o} and what it passed, and the result is a linearization too, which starts with a
 * candidate that was kept. Operations left out are tried again in the configurations after {@code o}.
 *
 * <p>The order is by return time (earliest first, those that never returned last), then invocation:
 * the order of a sequential history, tried first, and the one that defers an operation of unknown
 * outcome until something needs it.
 *
 * <p>Not thread-safe; one per search.
 */
final class Candidates<S, O> {
    private static final int[] NONE = {};
    private final Model<S, O> model;
    private final List<TimedOp<O>> ops;
    private final EventList events;
    private final int[] buffer;
    private final Footprint[] footprints;
    private final boolean[] kept;

    Candidates(Model<S, O> model, List<TimedOp<O>> ops, EventList events) {
        this.model = model;
        this.ops = ops;
        this.events = events;
        this.buffer = new int[ops.size()];
        this.footprints = new Footprint[ops.size()];
        this.kept = new boolean[ops.size()];
    }

    /**
     * The operations to try next in {@code state}, with the list as it is now, in the order to try them:
     * none if the model sees that a candidate that returned, or an operation invoked after the first
     * return, can never be accepted from {@code state} on.
     */
    int[] at(S state) {
        int count = 0;
        EventList.Event e = events.first();
        for (; e != null && e.call; e = e.next) {
            buffer[count++] = e.op;
            if (e.match != null && model.neverAccepted(state, ops.get(e.op).op())) {
                return NONE;
            }
        }
        if (e != null) {
            long nowNs = ops.get(e.op).returnNs();
            if (model.blocksLater(state, nowNs)) {
                return NONE;
            }
            count = closure(state, count, e.op, nowNs);
        }
        int[] chosen = new int[count];
        for (int i = 0; i < count; i++) {
            int op = buffer[i];
            int j = i;
            while (j > 0 && before(op, chosen[j - 1])) {
                chosen[j] = chosen[j - 1];
                j--;
            }
            chosen[j] = op;
        }
        return chosen;
    }

    /** The return time of the first return still in the list ({@link Long#MIN_VALUE} if none). */
    long firstReturnNs() {
        for (EventList.Event e = events.first(); e != null; e = e.next) {
            if (!e.call) {
                return ops.get(e.op).returnNs();
            }
        }
        return Long.MIN_VALUE;
    }

    /** Moves the closure of {@code first} among the {@code count} buffered candidates to the front; returns its size. */
    private int closure(S state, int count, int first, long nowNs) {
        Footprint union = model.footprint(state, ops.get(first).op(), nowNs);
        if (union == null) {
            return count;
        }
        for (int i = 0; i < count; i++) {
            footprints[i] = null;
            kept[i] = buffer[i] == first;
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (int i = 0; i < count; i++) {
                if (!kept[i]) {
                    if (footprints[i] == null) {
                        footprints[i] = model.footprint(state, ops.get(buffer[i]).op(), nowNs);
                        if (footprints[i] == null) {
                            return count;
                        }
                    }
                    if (footprints[i].conflicts(union)) {
                        kept[i] = true;
                        union = union.union(footprints[i]);
                        grew = true;
                    }
                }
            }
        }
        int size = 0;
        for (int i = 0; i < count; i++) {
            if (kept[i]) {
                buffer[size++] = buffer[i];
            }
        }
        return size;
    }

    private boolean before(int a, int b) {
        TimedOp<O> x = ops.get(a);
        TimedOp<O> y = ops.get(b);
        if (x.returnNs() != y.returnNs()) {
            return x.returnNs() < y.returnNs();
        }
        return x.callNs() != y.callNs() ? x.callNs() < y.callNs() : a < b;
    }
}
