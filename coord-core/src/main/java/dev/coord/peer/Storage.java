package dev.coord.peer;

import dev.coord.log.InMemorySnapshotStore;
import dev.coord.log.InMemoryTxnLog;
import dev.coord.log.LogCorruptedException;
import dev.coord.log.SnapshotStore;
import dev.coord.log.TxnLog;
import dev.coord.log.chronicle.ChronicleTxnLog;
import dev.coord.log.file.DirectoryLock;
import dev.coord.log.file.FileSnapshotStore;
import dev.coord.log.file.PurgeMark;
import dev.coord.tree.DataTree;
import java.nio.file.Path;
import java.util.List;

/**
 * Storage is what a peer keeps: its log, its snapshots and, on disk, the lock on its data directory and
 * the mark of how far the log was purged. Layout of a data directory:
 *
 * <pre>
 *  LOCK        our exclusive lock (held while the peer runs)
 *  log/        the transaction log (Chronicle Queue segments and their manifest)
 *  snapshots/  snapshot.&lt;zxid&gt; files
 *  purged      the zxid up to which the log was purged (absent: never)
 * </pre>
 *
 * <p>Used on the agent thread (snapshot saves on the snapshot thread), and before it starts on the
 * thread that starts the peer.
 */
public final class Storage implements AutoCloseable {
    /**
     * Invariant: null only while {@link #opening} has not been joined. Volatile: replaced on the agent
     * thread by {@link #reopenLog}, read for metrics on other threads ({@link #logIfOpen}).
     */
    private volatile TxnLog log;
    /** Invariant: null, or the log being opened in the background (see {@link #open}). */
    private LogOpening opening;
    private final SnapshotStore snapshots;
    private final PurgeMark purgeMark;
    private final DirectoryLock lock;

    private Storage(TxnLog log, SnapshotStore snapshots, PurgeMark purgeMark, DirectoryLock lock) {
        this.log = log;
        this.snapshots = snapshots;
        this.purgeMark = purgeMark;
        this.lock = lock;
    }

    private Storage(LogOpening opening, SnapshotStore snapshots, PurgeMark purgeMark, DirectoryLock lock) {
        this((TxnLog) null, snapshots, purgeMark, lock);
        this.opening = opening;
    }

    /** Storage over the given parts, with no directory lock (the simulator's disk). */
    public static Storage of(TxnLog log, SnapshotStore snapshots, PurgeMark purgeMark) {
        return new Storage(log, snapshots, purgeMark, null);
    }

    /**
     * Opens a peer's storage. On disk, unless the peer resyncs on damage (which may move the whole
     * data directory aside), the log opens on a thread of its own ({@link LogOpening}) and the first
     * {@link #log()} waits for it: recovery reads the newest snapshot meanwhile.
     */
    static Storage open(PeerConfig config) {
        if (config.inMemory()) {
            return new Storage(new InMemoryTxnLog(), new InMemorySnapshotStore(), PurgeMark.inMemory(), null);
        }
        Path dir = config.dataDir();
        DirectoryLock lock = DirectoryLock.acquire(dir, "data directory");
        try {
            if (!resyncsOnDamage(config)) {
                SnapshotStore snapshots = new FileSnapshotStore(dir.resolve("snapshots"));
                PurgeMark purgeMark = PurgeMark.in(dir);
                LogOpening opening = LogOpening.start(() -> {
                    warmUp(config);
                    return openLog(config);
                }, "coord-log-open-" + config.peerId());
                return new Storage(opening, snapshots, purgeMark, lock);
            }
            warmUp(config);
            TxnLog log;
            try {
                log = openLog(config);
            } catch (LogCorruptedException e) {
                DamagedData.moveAside(dir, config.peerId(), e);
                log = openLog(config);
            }
            return new Storage(log, new FileSnapshotStore(dir.resolve("snapshots")), PurgeMark.in(dir), lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static void warmUp(PeerConfig config) {
        if (config.ensemble() != null) {
            // Only a replicated peer has an election or a sync for a cold first append to stall.
            ChronicleTxnLog.warmUp(config.dataDir().resolve("log-warmup"), Math.min(config.logBlockBytes(), 1 << 20));
        }
    }

    private static TxnLog openLog(PeerConfig config) {
        return ChronicleTxnLog.open(config.dataDir().resolve("log"), new ChronicleTxnLog.Options(
                config.durability(), config.logBlockBytes()));
    }

    /** True for a replicated peer on disk that resyncs from the leader when its stored state is damaged. */
    static boolean resyncsOnDamage(PeerConfig config) {
        return !config.inMemory() && config.ensemble() != null && config.ensemble().resyncOnCorruptLog();
    }

    /**
     * For a damage found after opening (while recovering): closes the log, keeping the directory lock,
     * moves the damaged state aside ({@link DamagedData}) and returns storage over an empty log.
     */
    Storage afterDamage(PeerConfig config, RuntimeException cause) {
        TxnLog opened = opening == null ? log : opening.joinQuietly();
        if (opened != null) {
            opened.close();
        }
        try {
            DamagedData.moveAside(config.dataDir(), config.peerId(), cause);
            Path dir = config.dataDir();
            return new Storage(openLog(config), new FileSnapshotStore(dir.resolve("snapshots")), PurgeMark.in(dir), lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The log; waits for it the first time if it is being opened in the background, and throws what that open threw. */
    TxnLog log() {
        if (log == null) {
            log = opening.join();
            opening = null;
        }
        return log;
    }

    /** The log if it is open, else null; any thread (it never waits for a background open). */
    TxnLog logIfOpen() {
        return log;
    }

    /**
     * Closes the log and opens it again from what the disk holds (after a write failed halfway, when
     * the in-memory view may be out of step with the disk); keeps the directory lock. A log of the
     * simulator's or of an in-memory peer is kept as it is.
     */
    void reopenLog(PeerConfig config) {
        if (config.inMemory() || lock == null) {
            return;
        }
        // Every record appended so far is made durable before the log is reopened: the reopened log
        // takes what the disk holds as durable, and ZAB may ack it.
        TxnLog current = log();
        current.flush();
        current.close();
        log = openLog(config);
    }

    SnapshotStore snapshots() {
        return snapshots;
    }

    /** The zxid up to which the log was purged, or 0 if it never was. */
    long purgedUpTo() {
        return purgeMark.get();
    }

    /**
     * Keeps the newest {@code retained} snapshots; once that many exist, drops the older ones and the
     * log up to the oldest kept, so recovery can still fall back to any kept snapshot. The purge mark is
     * written before the log is purged.
     */
    void purge(int retained) {
        List<Long> zxids = snapshots.zxids();
        if (zxids.size() < retained) {
            return;
        }
        for (long old : zxids.subList(retained, zxids.size())) {
            snapshots.delete(old);
        }
        long oldestKept = zxids.get(retained - 1);
        if (oldestKept > purgeMark.get()) {
            purgeMark.set(oldestKept);
            log().purgeUpTo(oldestKept);
        }
    }

    /**
     * Saves {@code tree} as a snapshot and then marks the log purged up to it, so that recovery starts
     * from the snapshot and never replays the log across a gap before it.
     */
    void saveCoveringSnapshot(DataTree tree) {
        snapshots.save(tree);
        markPurged(tree.lastZxid());
    }

    /** Records that the log holds nothing at or before {@code zxid} that recovery may use. */
    void markPurged(long zxid) {
        if (zxid > purgeMark.get()) {
            purgeMark.set(zxid);
        }
    }

    @Override
    public void close() {
        try {
            TxnLog opened = log != null ? log : opening.joinQuietly();
            if (opened != null) {
                opened.close();
            }
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
