package dev.coord.testkit.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * EventList is the call and return events of a history in time order, kept as a doubly linked list
 * from which the search lifts an operation's two events when it linearizes the operation, and into
 * which it puts them back when it backtracks (Lowe, "Testing for Linearizability", 2017).
 *
 * <p>Order: by time; at equal times calls come before returns, so intervals that only touch count as
 * concurrent (the weaker, always sound, reading). An operation that never returned has no return event.
 *
 * <p>Invariant: events are put back in the reverse order of lifting, which restores the links exactly.
 */
final class EventList {

    /** Event is the call or the return of operation {@code op}. */
    static final class Event {
        final int op;
        final boolean call;
        /** For a call: its return event, or null if the operation never returned. */
        Event match;
        Event prev;
        Event next;

        Event(int op, boolean call) {
            this.op = op;
            this.call = call;
        }
    }

    private final Event head = new Event(-1, false);
    private final Event[] calls;

    EventList(List<? extends TimedOp<?>> ops) {
        record Timed(Event event, long timeNs) {
        }
        List<Timed> events = new ArrayList<>(ops.size() * 2);
        calls = new Event[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            TimedOp<?> op = ops.get(i);
            Event call = new Event(i, true);
            calls[i] = call;
            events.add(new Timed(call, op.callNs()));
            if (op.returned()) {
                call.match = new Event(i, false);
                events.add(new Timed(call.match, op.returnNs()));
            }
        }
        events.sort(Comparator.comparingLong(Timed::timeNs)
                .thenComparing(t -> t.event().call ? 0 : 1)
                .thenComparingInt(t -> t.event().op));
        Event last = head;
        for (Timed t : events) {
            last.next = t.event();
            t.event().prev = last;
            last = t.event();
        }
    }

    /** The call event of operation {@code op}. */
    Event call(int op) {
        return calls[op];
    }

    /** The first event still in the list, or null if it is empty. */
    Event first() {
        return head.next;
    }

    /** Removes {@code call} and its return from the list. */
    void lift(Event call) {
        unlink(call);
        if (call.match != null) {
            unlink(call.match);
        }
    }

    /** Puts back {@code call} and its return, which must be the events lifted last. */
    void unlift(Event call) {
        if (call.match != null) {
            relink(call.match);
        }
        relink(call);
    }

    private static void unlink(Event e) {
        e.prev.next = e.next;
        if (e.next != null) {
            e.next.prev = e.prev;
        }
    }

    private static void relink(Event e) {
        e.prev.next = e;
        if (e.next != null) {
            e.next.prev = e;
        }
    }
}
