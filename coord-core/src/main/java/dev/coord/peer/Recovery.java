package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.log.LogCorruptedException;
import dev.coord.tree.DataTree;
import dev.coord.tree.TreeReplay;
import dev.coord.txn.MalformedTxnException;
import dev.coord.txn.Txn;
import dev.coord.txn.TxnCodec;
import dev.coord.zab.EpochSummary;
import dev.coord.zab.History;
import dev.coord.zab.Zxid;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery rebuilds a peer's tree at start: the newest snapshot that passes its checks, then every
 * logged transaction after it, in zxid order. A corrupt snapshot is skipped for an older one as long as
 * the log still reaches back to it; otherwise, or if a logged transaction cannot be decoded or applied,
 * the peer refuses to start with a message naming the cause. It never serves a partial tree.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {
    }

    static DataTree recover(Storage storage) {
        long startNs = System.nanoTime();
        DataTree base = newestUsableSnapshot(storage);
        // Nothing sees the trees between the snapshot and the end of the log: replay in place.
        TreeReplay replay = new TreeReplay(base);
        long[] replayed = {0};
        Progress progress = new Progress(LOG, "Replaying the log after snapshot " + Zxid.hex(base.lastZxid()), Progress.DEFAULT_INTERVAL_NS);
        storage.log().readAfter(base.lastZxid(), (zxid, buffer, offset, length) -> {
            long treeZxid = replay.lastZxid();
            try {
                long timeMs = TxnCodec.decodeTime(buffer, offset, length);
                Txn txn = TxnCodec.decode(buffer, offset, length);
                replay.apply(zxid, timeMs, txn);
                replayed[0]++;
                progress.step(zxid);
            } catch (MalformedTxnException | CoordException | IllegalArgumentException e) {
                throw new LogCorruptedException("log record at zxid 0x" + Long.toHexString(zxid)
                        + " cannot be replayed on the tree at 0x" + Long.toHexString(treeZxid) + ": " + e.getMessage(), e);
            }
        });
        DataTree tree = replay.finish();
        if (base.lastZxid() > 0 || replayed[0] > 0) {
            LOG.info("Recovered tree at zxid 0x{} ({} nodes): snapshot 0x{} + {} logged transactions, in {} ms",
                    Long.toHexString(tree.lastZxid()), tree.nodeCount(), Long.toHexString(base.lastZxid()),
                    replayed[0], (System.nanoTime() - startNs) / 1_000_000);
        }
        return tree;
    }

    /** Replicated is a replicated peer's recovered state: its committed tree and its logged history. */
    record Replicated(DataTree tree, History history) {
    }

    /**
     * Recovers a replicated peer: the tree is the newest usable snapshot (known committed); the log
     * entries after it become the history ZAB syncs with the leader, committed only once the leader
     * says so (a follower's log may end with proposals that never committed).
     */
    static Replicated recoverReplicated(Storage storage, int windowSize) {
        return replicatedFrom(storage, windowSize, newestUsableSnapshot(storage));
    }

    /**
     * A replicated peer's state with {@code tree} as its committed tree and the log entries after it
     * as its history; {@code tree} must be the newest usable snapshot's, or a later committed tree
     * that the log reaches (its entries up to it are then committed ones).
     */
    static Replicated replicatedFrom(Storage storage, int windowSize, DataTree tree) {
        TreeMap<Long, byte[]> entries = new TreeMap<>();
        List<Long> ends = new ArrayList<>();
        Progress progress = new Progress(LOG, "Reading the log after snapshot " + Zxid.hex(tree.lastZxid()), Progress.DEFAULT_INTERVAL_NS);
        storage.log().readAfter(tree.lastZxid(), (zxid, buffer, offset, length) -> {
            byte[] payload = new byte[length];
            buffer.getBytes(offset, payload);
            entries.put(zxid, payload);
            if (!ends.isEmpty() && Zxid.epoch(ends.get(ends.size() - 1)) == Zxid.epoch(zxid)) {
                ends.set(ends.size() - 1, zxid);
            } else {
                ends.add(zxid);
            }
            progress.step(zxid);
        });
        LOG.info("Recovered committed tree at zxid {} ({} nodes) and {} logged proposal(s) after it",
                Zxid.hex(tree.lastZxid()), tree.nodeCount(), entries.size());
        History history = new History(windowSize, new EpochSummary(tree.lastZxid(), ends), tree.lastZxid(), entries, tree.lastZxid());
        return new Replicated(tree, history);
    }

    private static DataTree newestUsableSnapshot(Storage storage) {
        long purgedUpTo = storage.purgedUpTo();
        List<Long> zxids = storage.snapshots().zxids();
        LogCorruptedException newestFailure = null;
        for (long zxid : zxids) {
            if (zxid < purgedUpTo) {
                break;
            }
            try {
                long startNs = System.nanoTime();
                DataTree tree = storage.snapshots().load(zxid);
                long ms = (System.nanoTime() - startNs) / 1_000_000;
                if (ms >= 1_000) {
                    LOG.info("Loaded snapshot {} ({} nodes) in {} ms", Zxid.hex(zxid), tree.nodeCount(), ms);
                }
                if (newestFailure != null) {
                    LOG.warn("Fell back to the older snapshot at zxid 0x{}; the log still covers it", Long.toHexString(zxid));
                }
                return tree;
            } catch (LogCorruptedException e) {
                LOG.warn("Skipping a bad snapshot: {}", e.getMessage());
                if (newestFailure == null) {
                    newestFailure = e;
                }
            }
        }
        if (purgedUpTo > 0) {
            String why = newestFailure != null ? newestFailure.getMessage() : "no snapshot at or after it is present";
            throw new LogCorruptedException("cannot recover: the log was purged up to zxid 0x" + Long.toHexString(purgedUpTo)
                    + " and no usable snapshot covers it (" + why + "); restore the data directory or resync this peer", newestFailure);
        }
        return DataTree.empty();
    }
}
