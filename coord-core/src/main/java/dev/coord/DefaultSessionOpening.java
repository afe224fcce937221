package dev.coord;

import dev.coord.peer.Peer;
import dev.coord.peer.PeerConfig;
import java.time.Duration;

/**
 * DefaultSessionOpening opens a Coordinator's default session at start. A replicated peer waits for
 * its ensemble: while no leader serves, or when leadership changes under the request, it tries again
 * until the start timeout. A session half-created by a lost attempt is never kept alive, so it
 * expires. A standalone peer opens it at once or fails.
 *
 * <p>Runs on the thread that calls {@link Coordinator.Builder#start()}, which it blocks; never on the
 * peer's agent thread.
 */
final class DefaultSessionOpening {
    private DefaultSessionOpening() {
    }

    /** Opens the default session of {@code agent}, configured by {@code config}, waiting up to {@code startTimeout}. */
    static Session open(Peer agent, PeerConfig config, Duration startTimeout) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            try {
                return Futures.join(agent.openSession(config.sessionTimeoutMs(), Session.KeepAlive.AUTOMATIC));
            } catch (CoordException.NoQuorumException | CoordException.ConnectionLossException e) {
                if (config.ensemble() == null || System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }
}
