package dev.coord.peer;

import dev.coord.log.NoSpaceException;
import dev.coord.log.TxnLog;
import dev.coord.tree.DataTree;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots takes a peer's snapshots: after every {@code snapshotEveryTxns} commits it rolls
 * the log and writes the (immutable) committed tree on its own thread, then purges old snapshots and
 * the log before the oldest kept one. A write that fails for lack of space leaves the previous snapshots
 * and the log as they were and is tried again after the next {@code snapshotEveryTxns} commits; any
 * other failed write stops the peer.
 *
 * <p>Called on the agent thread; the writes run on the snapshot thread.
 */
final class Snapshots {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);

    private final Storage storage;
    private final PeerConfig config;
    private final ExecutorService thread;
    private long committedSince;
    private boolean running;

    Snapshots(Storage storage, PeerConfig config, ExecutorService thread) {
        this.storage = storage;
        this.config = config;
        this.thread = thread;
    }

    /** Counts {@code txns} more committed transactions. */
    void committed(int txns) {
        committedSince += txns;
    }

    /** Starts a snapshot of {@code tree} if one is due; {@code onAgent} runs its completion there. */
    void maybeStart(DataTree tree, TxnLog log, Consumer<Runnable> onAgent) {
        if (running || committedSince < config.snapshotEveryTxns()) {
            return;
        }
        committedSince = 0;
        try {
            log.roll();
        } catch (NoSpaceException e) {
            LOG.warn("Snapshot at zxid 0x{} postponed: {}", Long.toHexString(tree.lastZxid()), e.getMessage());
            return;
        }
        running = true;
        thread.execute(() -> {
            try {
                storage.snapshots().save(tree);
            } catch (NoSpaceException e) {
                onAgent.accept(() -> {
                    running = false;
                    LOG.warn("Snapshot at zxid 0x{} not written (the previous ones are kept; tried again after {} more "
                            + "commits): {}", Long.toHexString(tree.lastZxid()), config.snapshotEveryTxns(), e.getMessage());
                });
                return;
            } catch (RuntimeException | Error e) {
                onAgent.accept(() -> {
                    throw new IllegalStateException("writing the snapshot at zxid 0x" + Long.toHexString(tree.lastZxid()) + " failed", e);
                });
                return;
            }
            onAgent.accept(() -> {
                running = false;
                LOG.debug("Snapshot at zxid 0x{} written", Long.toHexString(tree.lastZxid()));
                storage.purge(config.snapshotsRetained());
            });
        });
    }

    /** True while a snapshot is being written on the snapshot thread. */
    boolean isRunning() {
        return running;
    }

    void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
