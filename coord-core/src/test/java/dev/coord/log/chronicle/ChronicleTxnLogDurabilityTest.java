package dev.coord.log.chronicle;

import static dev.coord.log.TxnLogContractTest.append;
import static dev.coord.log.TxnLogContractTest.appendRange;
import static dev.coord.log.TxnLogContractTest.range;
import static dev.coord.log.TxnLogContractTest.zxid;
import static dev.coord.log.TxnLogContractTest.zxidsAfter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.Durability;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ChronicleTxnLogDurabilityTest checks group commit, durability off, and use from more than one thread. */
class ChronicleTxnLogDurabilityTest {
    @TempDir
    Path directory;

    @Test
    void shouldForceOncePerFlushWhateverTheBatchSize() {
        try (ChronicleTxnLog log = ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS)) {
            appendRange(log, 1, 100);
            log.flush();
            assertThat(log.forceCount()).isEqualTo(1);

            log.flush();
            assertThat(log.forceCount()).isEqualTo(1);

            append(log, zxid(1, 101));
            log.flush();
            assertThat(log.forceCount()).isEqualTo(2);
        }
    }

    @Test
    void shouldNeverForceWithoutFsync() {
        ChronicleTxnLog.Options options = LogFiles.TEST_OPTIONS.withDurability(Durability.NONE);
        try (ChronicleTxnLog log = ChronicleTxnLog.open(directory, options)) {
            appendRange(log, 1, 10);
            log.flush();
            log.roll();
            append(log, zxid(1, 11));
            log.flush();
            assertThat(log.forceCount()).isZero();
        }
        try (ChronicleTxnLog log = ChronicleTxnLog.open(directory, options)) {
            assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 11));
        }
    }

    @Test
    void shouldForceTheOpenSegmentBeforeSealingIt() {
        try (ChronicleTxnLog log = ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS)) {
            appendRange(log, 1, 10);
            log.truncateAfter(zxid(1, 5));
            assertThat(log.forceCount()).isEqualTo(1);

            append(log, zxid(1, 6));
            log.roll();
            assertThat(log.forceCount()).isEqualTo(2);
        }
    }

    @Test
    void shouldAppendAndReadOnThreadsOtherThanTheOneThatOpenedTheLog() throws Exception {
        ExecutorService opener = Executors.newSingleThreadExecutor();
        ExecutorService agent = Executors.newSingleThreadExecutor();
        try {
            try (ChronicleTxnLog log = opener.submit(() -> ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS))
                    .get(10, TimeUnit.SECONDS)) {
                appendRange(log, 1, 5);
                log.flush();
            }
            ChronicleTxnLog log = opener.submit(() -> ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS))
                    .get(10, TimeUnit.SECONDS);
            try {
                agent.submit(() -> {
                    appendRange(log, 6, 10);
                    log.flush();
                }).get(10, TimeUnit.SECONDS);
                appendRange(log, 11, 12);
                log.flush();
                List<Long> read = agent.submit(() -> zxidsAfter(log, 0)).get(10, TimeUnit.SECONDS);
                assertThat(read).isEqualTo(range(1, 12));
            } finally {
                log.close();
            }
        } finally {
            opener.shutdownNow();
            agent.shutdownNow();
        }
    }

    @Test
    void shouldForceOnAnotherThreadWhileTheOwnerGoesOnAppending() throws Exception {
        ExecutorService forcer = Executors.newSingleThreadExecutor();
        try {
            try (ChronicleTxnLog log = ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS)) {
                java.util.concurrent.Future<?> running = null;
                ChronicleForce previous = null;
                long reported = 0;
                for (int counter = 1; counter <= 2000; counter++) {
                    append(log, zxid(1, counter));
                    dev.coord.log.TxnLog.Force force = log.beginForce();
                    if (force != null) {
                        assertThat(previous == null || previous.isDone()).as("one force at a time").isTrue();
                        previous = (ChronicleForce) force;
                        running = forcer.submit(force);
                    }
                    long durable = log.durableZxid();
                    assertThat(durable).isBetween(reported, zxid(1, counter));
                    reported = durable;
                }
                running.get(10, TimeUnit.SECONDS);
                assertThat(log.durableZxid()).isGreaterThan(0);
                // However the forcer thread was scheduled (on a loaded machine it may not have run
                // before the loop ended), a force covers only what was appended when it began: the
                // first one covered zxid 1, so one more is due, and it makes the whole log durable.
                dev.coord.log.TxnLog.Force last = log.beginForce();
                if (last != null) {
                    last.run();
                }
                assertThat(log.durableZxid()).isEqualTo(zxid(1, 2000));
                assertThat(log.forceCount()).isGreaterThan(1);
            }
            try (ChronicleTxnLog log = ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS)) {
                assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 2000));
            }
        } finally {
            forcer.shutdownNow();
        }
    }
}
