package dev.coord.log.chronicle;

import static dev.coord.log.TxnLogContractTest.append;
import static dev.coord.log.TxnLogContractTest.appendRange;
import static dev.coord.log.TxnLogContractTest.range;
import static dev.coord.log.TxnLogContractTest.zxid;
import static dev.coord.log.TxnLogContractTest.zxidsAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.threads.Pauser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ChronicleTxnLogLockTest checks that one directory has one open log, and that stale Chronicle locks never stall it. */
class ChronicleTxnLogLockTest {
    /** Well under the ~15 s Chronicle waits on a lock whose holder looks alive. */
    private static final Duration NO_HANG = Duration.ofSeconds(5);

    @TempDir
    Path directory;

    @Test
    void shouldRefuseASecondOpenOfTheSameDirectory() {
        try (ChronicleTxnLog first = ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS)) {
            assertThatThrownBy(() -> ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(directory.toString())
                    .hasMessageContaining("already open");
            append(first, zxid(1, 1));
        }
    }

    @Test
    void shouldOpenAgainOnceClosed() {
        ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS).close();

        try (ChronicleTxnLog log = ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS)) {
            assertThat(log.lastZxid()).isZero();
        }
    }

    @Test
    void shouldNotHangOnAStaleChronicleWriteLockHeldByALiveProcess() {
        leaveStaleLock(null);

        assertAppendsPromptly();
    }

    @Test
    void shouldAppendDespiteAStaleChronicleAppendLock() {
        leaveStaleLock(TableStoreWriteLock.APPEND_LOCK_KEY);

        assertAppendsPromptly();
    }

    /**
     * Writes records, then takes a Chronicle lock on the segment and never releases it: the lock names
     * this test's JVM, a live process, as a lock of a crashed process whose PID was reused would.
     */
    private void leaveStaleLock(String lockKey) {
        try (ChronicleTxnLog log = ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS)) {
            appendRange(log, 1, 3);
        }
        Path segment = LogFiles.segmentDirectories(directory).get(0);
        try (SingleChronicleQueue queue = LogFiles.openQueue(segment)) {
            TableStoreWriteLock lock = lockKey == null
                    ? new TableStoreWriteLock(queue.metaStore(), Pauser::sleepy, 1_000L)
                    : new TableStoreWriteLock(queue.metaStore(), Pauser::sleepy, 1_000L, lockKey);
            lock.lock();
            assertThat(lock.locked()).isTrue();
        }
    }

    private void assertAppendsPromptly() {
        assertTimeoutPreemptively(NO_HANG, () -> {
            try (ChronicleTxnLog log = ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS)) {
                append(log, zxid(1, 4));
                log.flush();
                assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 4));
            }
        });
    }
}
