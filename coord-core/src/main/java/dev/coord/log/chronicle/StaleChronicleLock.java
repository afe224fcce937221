package dev.coord.log.chronicle;

import java.nio.file.Path;
import net.openhft.chronicle.queue.impl.TableStore;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.threads.Pauser;

/**
 * StaleChronicleLock is a view of one of the locks Chronicle keeps in a queue's metadata file (the
 * write lock or the append lock) that can clear it when its holder is known to be gone.
 *
 * <p>Chronicle records the holder's PID and, on a lock held by a PID that is alive (PID reuse after a
 * crash is common in containers), waits ~15 s and then throws. Our {@link dev.coord.log.file.DirectoryLock} already proves
 * that no other process uses the directory, so any holder found at open is dead. Chronicle's own
 * {@code forceUnlock()} logs a warning with a stack trace; this logs one line instead.
 *
 * <p>Used only while opening a segment, on the opening thread.
 */
final class StaleChronicleLock extends TableStoreWriteLock {
    private static final long TIMEOUT_MS = 15_000;

    private StaleChronicleLock(TableStore<?> store) {
        super(store, Pauser::sleepy, TIMEOUT_MS);
    }

    private StaleChronicleLock(TableStore<?> store, String lockKey) {
        super(store, Pauser::sleepy, TIMEOUT_MS, lockKey);
    }

    /** Clears the write and append locks of {@code queue}, whose directory is {@code directory}. */
    static void clearAll(SingleChronicleQueue queue, Path directory) {
        try (StaleChronicleLock writeLock = new StaleChronicleLock(queue.metaStore());
                StaleChronicleLock appendLock = new StaleChronicleLock(queue.metaStore(), APPEND_LOCK_KEY)) {
            writeLock.clear("write", directory);
            appendLock.clear("append", directory);
        }
    }

    private void clear(String name, Path directory) {
        long holder = lock.getVolatileValue();
        if (holder != UNLOCKED && lock.compareAndSwapValue(holder, UNLOCKED)) {
            ChronicleTxnLog.LOG.warn("Cleared a stale Chronicle {} lock held by PID {} on {}", name, holder,
                    directory);
        }
    }
}
