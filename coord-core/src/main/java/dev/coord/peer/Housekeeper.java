package dev.coord.peer;

import dev.coord.Session;
import dev.coord.session.SessionTracker;
import dev.coord.tree.DataNode;
import dev.coord.tree.DataTree;
import dev.coord.txn.Txn;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
    private final ExecutorService snapshotThread;
    private long txnsSinceSnapshot;
    private boolean snapshotRunning;

    Housekeeper(PeerAgent agent, WritePipeline pipeline, Storage storage, PeerConfig config) {
        this.agent = agent;
        this.pipeline = pipeline;
        this.storage = storage;
        this.config = config;
        this.snapshotThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "coord-snapshot-" + config.peerId());
            t.setDaemon(true);
            return t;
        });
    }

    void track(long sessionId, long timeoutMs) {
        tracker.add(sessionId, timeoutMs, agent.clock().nanoTime() / 1_000_000);
    }

    void untrack(long sessionId) {
        tracker.remove(sessionId);
    }

    /** The periodic duties, at wall time {@code wallMs} and monotonic time {@code monoMs}. */
    void tick(long wallMs, long monoMs) {
        for (ClientSession s : agent.localSessions()) {
            long aliveAt = s.keepAliveMode() == Session.KeepAlive.AUTOMATIC ? monoMs : s.lastKeepAliveMs();
            tracker.touch(s.sessionId(), aliveAt);
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
        DataTree tree = pipeline.speculative();
        tree.ttlPaths().forEach(path -> {
            DataNode node = tree.get(path);
            if (node.children().isEmpty() && wallMs - node.mtime() > node.ttlMs()) {
                // Conditional on the version seen, so a concurrent change keeps the node alive.
                pipeline.propose(null, new Txn.Delete(path, node.version()), wallMs);
            }
        });
    }

    /** Counts committed transactions and starts a snapshot when enough have accumulated. */
    void committed(int txns) {
        txnsSinceSnapshot += txns;
        if (txnsSinceSnapshot < config.snapshotEveryTxns() || snapshotRunning || pipeline.hasBatch()) {
            return;
        }
        DataTree tree = agent.published();
        snapshotRunning = true;
        txnsSinceSnapshot = 0;
        storage.log().roll();
        snapshotThread.execute(() -> {
            long startNs = System.nanoTime();
            try {
                storage.snapshots().save(tree);
            } catch (RuntimeException | Error e) {
                agent.runOnAgent(() -> {
                    throw new IllegalStateException("writing the snapshot at zxid 0x" + Long.toHexString(tree.lastZxid()) + " failed", e);
                });
                return;
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            agent.runOnAgent(() -> snapshotSaved(tree.lastZxid(), tookMs));
        });
    }

    private void snapshotSaved(long zxid, long tookMs) {
        snapshotRunning = false;
        LOG.debug("Snapshot at zxid 0x{} written in {} ms", Long.toHexString(zxid), tookMs);
        storage.purge(config.snapshotsRetained());
    }

    /** Waits for a running snapshot to finish and stops the snapshot thread. */
    void close() {
        snapshotThread.shutdown();
        try {
            if (!snapshotThread.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("A snapshot was still being written after a minute; it will be ignored if incomplete");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
