package dev.coord.peer;

import dev.coord.log.NoSpaceException;
import dev.coord.log.TxnLog;
import dev.coord.log.file.DiskSpace;
import dev.coord.tree.DataTree;
import dev.coord.zab.Zab;
import dev.coord.zab.Zxid;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LogAppends carries out a replicated peer's log appends, and skips them while its disk is full: when
 * an append fails for lack of space, later appends are skipped (ZAB then hears of no durability past
 * the last record on disk, so the peer acks nothing it could not persist) until {@link #maybeResume}
 * finds space and writes every skipped record from ZAB's in-memory history, preceded by a snapshot of
 * the committed tree if that history no longer reaches back to the log.
 *
 * <p>Agent thread only.
 */
final class LogAppends {
    private static final Logger LOG = LoggerFactory.getLogger(LogAppends.class);

    private final int peerId;
    private final Storage storage;
    private final Snapshots snapshots;
    // Invariant: null, or why the log is full; then no append is made until maybeResume() has written
    // every skipped record.
    private NoSpaceException noSpace;
    private long skipped;

    LogAppends(int peerId, Storage storage, Snapshots snapshots) {
        this.peerId = peerId;
        this.storage = storage;
        this.snapshots = snapshots;
    }

    /** Appends ZAB's record, or skips it while the disk is full. */
    void append(long zxid, byte[] payload) {
        if (noSpace != null) {
            skipped++;
            return;
        }
        try {
            storage.log().append(zxid, new UnsafeBuffer(payload), 0, payload.length);
        } catch (NoSpaceException e) {
            noSpace = e;
            skipped = 1;
            LOG.error("Peer {} cannot log proposal {} and acks nothing from it on: {}", peerId, Zxid.hex(zxid),
                    e.getMessage(), e);
        }
    }

    /** True while the log is full and the peer acks nothing new. */
    boolean isDiskFull() {
        return noSpace != null;
    }

    /** The full directory, or null. */
    String fullDirectory() {
        return noSpace == null ? null : noSpace.directory();
    }

    /**
     * Once there is space again, writes what was skipped: the history's entries after the log's last
     * record, preceded by a snapshot of {@code committed} if the history no longer reaches back that
     * far (the snapshot and the purge mark cover the gap, so recovery never replays across it).
     */
    void maybeResume(Zab zab, DataTree committed) {
        if (noSpace == null || DiskSpace.usableBytes(Path.of(noSpace.directory())) < DiskSpace.RESUME_FREE_BYTES) {
            return;
        }
        TxnLog log = storage.log();
        try {
            List<Map.Entry<Long, byte[]>> missing = zab.entriesAfter(log.lastZxid());
            if (missing == null) {
                if (snapshots.isRunning()) {
                    return; // one snapshot writer at a time: try again at the next tick
                }
                LOG.debug("Peer {} writes a snapshot at {} before logging again: its history no longer reaches back to {}",
                        peerId, Zxid.hex(committed.lastZxid()), Zxid.hex(log.lastZxid()));
                storage.saveCoveringSnapshot(committed);
                missing = zab.entriesAfter(committed.lastZxid());
            }
            for (Map.Entry<Long, byte[]> entry : missing) {
                byte[] payload = entry.getValue();
                log.append(entry.getKey(), new UnsafeBuffer(payload), 0, payload.length);
            }
        } catch (RuntimeException e) {
            // The log's appends and the snapshot throw NoSpaceException; the purge mark an I/O error.
            Path dir = Path.of(noSpace.directory());
            if (!DiskSpace.isNoSpace(e, dir)) {
                throw e;
            }
            noSpace = e instanceof NoSpaceException n ? n : new NoSpaceException(dir.toString(), e);
            return;
        }
        LOG.info("Peer {} logs again: space is free in {} ({} proposals were written late)", peerId,
                noSpace.directory(), skipped);
        noSpace = null;
        skipped = 0;
    }
}
