package dev.coord;

/**
 * Session is an additional session opened with {@link Coordinator#openSession}: it has its own
 * ephemerals, watches and listeners, and its own id.
 *
 * <p>By default the peer keeps a session alive for as long as it is open and the peer is in contact
 * with the leader. A session opened with {@link KeepAlive#MANUAL} is kept alive only by
 * {@link #keepAlive()}: if the application stops calling it for longer than the session timeout, the
 * leader expires the session and its ephemerals (and so its locks) go. This binds a session's life to
 * the liveness of application code, not only of the process.
 *
 * <p>{@link #close()} deletes the session's ephemerals at once and is idempotent.
 */
public interface Session extends CoordClient, AutoCloseable {
    /** KeepAlive says who keeps a session alive. */
    enum KeepAlive {
        /** The peer heartbeats the session for as long as it is open. */
        AUTOMATIC,
        /** Only {@link Session#keepAlive()} does. */
        MANUAL
    }

    /** The session timeout in milliseconds as granted. */
    long timeoutMs();

    /** Marks the session as alive now (needed only for {@link KeepAlive#MANUAL} sessions). */
    void keepAlive();

    /** Closes the session, deleting its ephemerals; later calls on it fail with ClosedException. */
    @Override
    void close();

    /**
     * Starts closing the session, as {@link #close()} does, without waiting: the future completes once
     * the close is committed (its ephemerals are gone), or exceptionally if the peer stopped first,
     * in which case the session ends by expiry. Idempotent: later calls return the first call's future.
     */
    java.util.concurrent.CompletableFuture<Void> closeAsync();
}
