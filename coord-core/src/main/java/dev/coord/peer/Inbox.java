package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.SessionState;
import java.util.concurrent.CompletableFuture;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbox is the queue from application threads to a peer's agent thread, and the peer's life as
 * callers see it: open, closed, or stopped by a failure. Once the peer is closed or failed, new
 * requests fail at once, and requests that raced the last drain are failed when the peer has
 * stopped, so no caller waits forever.
 *
 * <p>{@link #submit} from any thread; {@link #poll} only on the agent thread (a single consumer).
 */
final class Inbox {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
    private final ManyToOneConcurrentLinkedQueue<Request> queue = new ManyToOneConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile CoordException failure;

    /** Queues {@code request} and calls {@code wake}; or fails it at once if the peer is closed. */
    CompletableFuture<Object> submit(Request request, Runnable wake) {
        CoordException refusal = refusal();
        if (refusal != null) {
            request.future.completeExceptionally(refusal);
            return request.future;
        }
        queue.offer(request);
        if (closed || failure != null) {
            // The agent may have drained for the last time: fail what is left once it has stopped.
            stopped.thenRun(this::failPending);
        }
        wake.run();
        return request.future;
    }

    Request poll() {
        return queue.poll();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Closes the peer for new requests (the agent finishes its work and stops). */
    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    /** Records the failure that stopped the peer; later requests fail with it. */
    void fail(CoordException error) {
        failure = error;
    }

    CoordException failure() {
        return failure;
    }

    /** What a request submitted now fails with, or null while the peer is open. */
    CoordException refusal() {
        if (failure != null) {
            return failure;
        }
        return closed ? new CoordException.ClosedException("the Coordinator is closed") : null;
    }

    /**
     * Answers {@code query} on the agent thread: hands it to {@code runOnAgent} (which queues it for the
     * agent's next turn and wakes the agent), or fails at once if the peer has stopped. Any thread.
     */
    <T> CompletableFuture<T> ask(java.util.function.Supplier<T> query, java.util.function.Consumer<Runnable> runOnAgent) {
        CoordException refusal = refusal();
        if (refusal != null) {
            return CompletableFuture.failedFuture(refusal);
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        runOnAgent.accept(() -> answer.complete(query.get()));
        return answer;
    }

    /** Fails every queued request (the peer is stopping or stopped). */
    synchronized void failPending() {
        Request request;
        while ((request = queue.poll()) != null) {
            if (request.counted) {
                request.session.completed();
            }
            CoordException refusal = refusal();
            request.future.completeExceptionally(refusal != null ? refusal : new CoordException.ClosedException("the Coordinator is closed"));
        }
    }

    /**
     * Records that peer {@code peerId} stopped on {@code cause}, logs it once, and fails every queued
     * request and every request of {@code sessions} (whose state becomes LOST). Returns the failure.
     */
    CoordException failOnError(int peerId, Throwable cause, Iterable<ClientSession> sessions, String howToRecover) {
        CoordException error = new CoordException(CoordException.Code.SYSTEM_ERROR, null,
                "peer " + peerId + " stopped after an unexpected error: " + cause, cause);
        fail(error);
        LOG.error("Peer {} stopped after an unexpected error; it acknowledged nothing that is not durable. "
                + "Fix the cause (below) and restart it: {}", peerId, howToRecover, cause);
        failPending();
        for (ClientSession s : sessions) {
            s.turns().failAll(error);
            s.changeState(SessionState.LOST);
        }
        return error;
    }

    /** Marks the agent as stopped, releasing {@link #awaitStopped()}. */
    void stopped() {
        stopped.complete(null);
    }

    void awaitStopped() {
        stopped.join();
    }
}
