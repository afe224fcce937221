package dev.coord.sim;

import dev.coord.log.InMemorySnapshotStore;
import dev.coord.log.InMemoryTxnLog;
import dev.coord.log.file.PurgeMark;
import dev.coord.peer.EpochStore;
import dev.coord.peer.Storage;

/**
 * SimDisk is what a simulated peer keeps across crashes: its log (of which a crash keeps only what was
 * forced, and sometimes a few records more that the OS happened to write), its snapshots, its purge
 * mark and its epochs (both written durably at once, as the real files are).
 */
final class SimDisk {
    private InMemoryTxnLog log = new InMemoryTxnLog();
    private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
    private final PurgeMark purgeMark = PurgeMark.inMemory();
    private final EpochStore epochs = EpochStore.inMemory();

    Storage open() {
        return Storage.of(log, snapshots, purgeMark);
    }

    EpochStore epochs() {
        return epochs;
    }

    InMemoryTxnLog log() {
        return log;
    }

    /** The process died: unforced log records are lost, except the first {@code unforcedKept}. */
    void crash(int unforcedKept) {
        log = log.crash(unforcedKept);
    }
}
