package dev.coord.recipes.locks;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Grant is one successful acquisition of a {@link Lock}, a side of a {@link ReadWriteLock} or a
 * {@link Semaphore} lease: closing it releases that acquisition, so it fits try-with-resources.
 * {@link #close()} is idempotent; for a reentrant lock taken several times, each Grant releases once
 * and the node goes with the last.
 *
 * <pre>{@code
 * try (Grant grant = lock.lock()) {
 *     storage.write(record, grant.fencingToken());
 * }
 * }</pre>
 *
 * <p>Thread-safe; may be closed by any thread.
 */
public final class Grant implements AutoCloseable {
    private final Hold hold;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    Grant(Hold hold, Runnable release) {
        this.hold = hold;
        this.release = release;
    }

    /** The node this acquisition holds through. */
    public Hold hold() {
        return hold;
    }

    /** The hold's fencing token (see {@link Hold}). */
    public long fencingToken() {
        return hold.fencingToken();
    }

    /** True while the hold is safe to act on (see {@link Hold#isValid()}) and this grant is not closed. */
    public boolean isValid() {
        return !closed.get() && hold.isValid();
    }

    /**
     * Releases this acquisition. Idempotent. Releasing the last acquisition of a hold issues the delete
     * of its node without waiting for it: the session applies requests in order, so the node is gone
     * before anything this session does next takes effect, and other contenders see the release as
     * soon as it commits. A hold that was lost meanwhile is released without error.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }

    @Override
    public String toString() {
        return "Grant[" + hold + (closed.get() ? ", closed" : "") + "]";
    }
}
