package dev.coord.log;

import dev.coord.tree.DataTree;
import java.util.List;

/**
 * SnapshotStore keeps whole-tree snapshots, each tagged with the zxid of the last transaction it
 * includes. Recovery loads the newest valid one and replays the log after it.
 *
 * <p>{@link #save} may run on a background thread while the agent thread uses the other methods;
 * implementations must allow that (a save is invisible to {@link #zxids()} until it is complete and
 * durable).
 */
public interface SnapshotStore {
    /** Stores {@code tree} atomically and durably; returns once it would survive a crash. */
    void save(DataTree tree);

    /** The zxids of the stored snapshots, newest first (validity is checked only by {@link #load}). */
    List<Long> zxids();

    /**
     * Loads a snapshot, verifying its checksum and content.
     *
     * @throws LogCorruptedException naming the file if it is torn, corrupt or unreadable
     */
    DataTree load(long zxid);

    /** Deletes a snapshot (purge); a missing one is ignored. */
    void delete(long zxid);
}
