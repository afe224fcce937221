package dev.coord.peer;

import dev.coord.log.file.DiskSpace;
import dev.coord.session.SessionTracker;
import dev.coord.txn.Txn;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeper does the agent's periodic duties: it keeps local sessions alive and expires the silent
 * ones, deletes TTL nodes whose time is up, and takes snapshots (on its own thread, from an immutable
 * tree, so writes never wait for one) and then purges old snapshots and the log they no longer need.
 *
 * <p>Called only on the agent thread, except the snapshot writes it hands to its snapshot thread.
 */
final class Housekeeper {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);

    private final PeerAgent agent;
    private final WritePipeline pipeline;
    private final Storage storage;
    private final PeerConfig config;
    private final SessionTracker tracker = new SessionTracker();
    private final Snapshots snapshots;

    Housekeeper(PeerAgent agent, WritePipeline pipeline, Storage storage, PeerConfig config) {
        this.agent = agent;
        this.pipeline = pipeline;
        this.storage = storage;
        this.config = config;
        this.snapshots = new Snapshots(storage, config, PeerHost.system(agent.clock()).snapshotWriter(config));
    }

    void track(long sessionId, long timeoutMs) {
        tracker.add(sessionId, timeoutMs, agent.clock().nanoTime() / 1_000_000);
    }

    void untrack(long sessionId) {
        tracker.remove(sessionId);
    }

    /** The periodic duties, at wall time {@code wallMs} and monotonic time {@code monoMs}. */
    void tick(long wallMs, long monoMs) {
        if (pipeline.isDiskFull() && !pipeline.maybeResume(DiskSpace.RESUME_FREE_BYTES)) {
            // No expiry while no close can be logged: the sessions' timers go on, and expire them after.
            return;
        }
        for (ClientSession s : agent.localSessions()) {
            tracker.touch(s.sessionId(), s.aliveAtMs(monoMs));
        }
        List<Long> expired = tracker.expired(monoMs);
        for (long id : expired) {
            LOG.info("Session 0x{} expired: not kept alive for its timeout", Long.toHexString(id));
            tracker.remove(id);
            pipeline.propose(null, new Txn.CloseSession(id), wallMs);
        }
        deleteExpiredTtlNodes(wallMs);
    }

    private void deleteExpiredTtlNodes(long wallMs) {
        for (Txn.Delete delete : pipeline.speculative().expiredTtlDeletes(wallMs)) {
            pipeline.propose(null, delete, wallMs);
        }
    }

    /** Counts committed transactions and starts a snapshot when enough have accumulated. */
    void committed(int txns) {
        snapshots.committed(txns);
        if (!pipeline.hasBatch()) {
            snapshots.maybeStart(agent.published(), storage.log(), agent::runOnAgent);
        }
    }

    /** Waits for a running snapshot to finish and stops the snapshot thread. */
    void close() {
        snapshots.close();
    }
}
