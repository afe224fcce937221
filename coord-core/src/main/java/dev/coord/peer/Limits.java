package dev.coord.peer;

/**
 * Limits are a peer's bounds against abuse: each is enforced with a
 * {@link dev.coord.CoordException.LimitExceededException} that names the limit and the builder option
 * setting it, and the request refused changes nothing. (The data size limit is
 * {@link PeerConfig#maxDataBytes()}.)
 *
 * @param maxChildrenListed         the most children one getChildren returns; a node with more fails
 *                                  the call (never a silently truncated list)
 * @param maxOutstandingPerSession  requests one session may have issued and not yet seen complete
 * @param maxOutstandingPerPeer     the same, summed over every session of this peer
 * @param maxSessionsPerPeer        sessions open (or opening) on this peer, its default session included
 * @param maxSessions               live sessions in the whole ensemble, decided by the leader
 * @param maxWatchesPerSession      watches (one-shot and persistent) one session may have registered
 */
public record Limits(
        int maxChildrenListed,
        int maxOutstandingPerSession,
        int maxOutstandingPerPeer,
        int maxSessionsPerPeer,
        int maxSessions,
        int maxWatchesPerSession) {

    /** The defaults: generous enough for any sane use, small enough to stop a runaway client. */
    public static final Limits DEFAULTS = new Limits(100_000, 10_000, 100_000, 10_000, 100_000, 100_000);

    public Limits {
        positive("maxChildrenListed", maxChildrenListed);
        positive("maxOutstandingPerSession", maxOutstandingPerSession);
        positive("maxOutstandingPerPeer", maxOutstandingPerPeer);
        positive("maxSessionsPerPeer", maxSessionsPerPeer);
        positive("maxSessions", maxSessions);
        positive("maxWatchesPerSession", maxWatchesPerSession);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
