package dev.coord.peer;

import dev.coord.CoordException;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * SessionTurns makes one session's requests take effect and complete in the order the session issued
 * them, even when their outcomes become known out of order (an error answered at once behind a write
 * still waiting for its quorum, a reply from the leader, a commit). A read waits for its turn and is
 * then executed, so it sees the session's earlier writes.
 *
 * <p>Called only on the agent thread. Invariant: every request in {@code arrived} has a sequence
 * number at least {@code next}; the requests before {@code next} have completed.
 */
final class SessionTurns {
    private final TreeMap<Long, Request> arrived = new TreeMap<>();
    private long next;

    /** Records that the agent took {@code request} from its queue. */
    void arrive(Request request) {
        arrived.put(request.seq, request);
    }

    /** Records the outcome of {@code request}; it completes in its turn. */
    void resolve(Request request, Object value, CoordException error, Consumer<Request> readNow) {
        request.resolved = true;
        request.value = value;
        request.error = error;
        drain(readNow);
    }

    /**
     * Completes every request whose turn has come: resolved ones with their outcome, reads by running
     * {@code readNow} (which resolves them) at that moment.
     */
    void drain(Consumer<Request> readNow) {
        while (true) {
            Request head = arrived.get(next);
            if (head == null) {
                return;
            }
            if (!head.resolved && head.isRead()) {
                readNow.accept(head);
            }
            if (!head.resolved) {
                return;
            }
            arrived.remove(next);
            next++;
            head.session.completed();
            head.session.recordLatency(head.submittedNs);
            if (head.error != null) {
                head.future.completeExceptionally(head.error);
            } else {
                head.future.complete(head.value);
            }
        }
    }

    /** Fails every request not yet completed (the peer is stopping). */
    void failAll(CoordException error) {
        for (Request r : arrived.values()) {
            r.session.completed();
            r.future.completeExceptionally(error);
        }
        arrived.clear();
    }
}
