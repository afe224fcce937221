package dev.coord.peer;

import dev.coord.Session;
import dev.coord.Status;
import dev.coord.metrics.PeerMetrics;
import dev.coord.metrics.SessionSummary;
import dev.coord.metrics.WatchSummary;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Peer is one running Coord peer as its {@code Coordinator} uses it: standalone ({@link PeerAgent}) or
 * a member of a replicated ensemble ({@link ReplicatedAgent}).
 */
public interface Peer {
    /** Starts the peer the configuration describes. */
    static Peer start(PeerConfig config, Clock clock) {
        return config.ensemble() == null ? PeerAgent.start(config, clock) : ReplicatedAgent.start(config, clock);
    }

    /** Opens a session; the future completes once its creation is committed. */
    CompletableFuture<Session> openSession(long timeoutMs, Session.KeepAlive keepAlive);

    /** A view of this peer now. Any thread. */
    Status status();

    /** This peer's metrics now, without waiting for its agent thread. Any thread. */
    PeerMetrics metrics();

    /**
     * The live sessions of the ensemble as this peer's tree records them, its own marked with their
     * state; built by the agent thread at its next turn. Any thread.
     */
    CompletableFuture<List<SessionSummary>> sessionSummaries();

    /** The watches this peer's sessions left; built by the agent thread at its next turn. Any thread. */
    CompletableFuture<List<WatchSummary>> watchSummaries();

    /** Closes this peer's sessions (as far as it can) and stops it; waits for it. Idempotent. */
    void shutdown();

    /** Stops the peer at once, as a crash would, closing no session (for tests). Waits for it. */
    void halt();
}
