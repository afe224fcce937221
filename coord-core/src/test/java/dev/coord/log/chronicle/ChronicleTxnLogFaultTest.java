package dev.coord.log.chronicle;

import static dev.coord.log.TxnLogContractTest.append;
import static dev.coord.log.TxnLogContractTest.appendRange;
import static dev.coord.log.TxnLogContractTest.range;
import static dev.coord.log.TxnLogContractTest.zxid;
import static dev.coord.log.TxnLogContractTest.zxidsAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.log.NoSpaceException;
import dev.coord.log.TxnLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ChronicleTxnLogFaultTest injects disk faults through the log's test seams: appends that fail for lack
 * of space (which must be retryable and lose nothing), and failed forces (which must never be retried).
 */
class ChronicleTxnLogFaultTest {
    @TempDir
    Path directory;

    private static final Runnable NO_SPACE = () -> {
        throw new UncheckedIOException(new IOException("No space left on device"));
    };

    private ChronicleTxnLog open() {
        return ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS);
    }

    @Test
    void shouldThrowNoSpaceAndAppendToANewSegmentOnceSpaceIsBack() {
        try (ChronicleTxnLog log = open()) {
            appendRange(log, 1, 5);
            log.beforeEachAppend(NO_SPACE);
            assertThatThrownBy(() -> append(log, zxid(1, 6)))
                    .isInstanceOf(NoSpaceException.class)
                    .hasMessageContaining("no space left in " + directory);
            assertThatThrownBy(() -> append(log, zxid(1, 6))).isInstanceOf(NoSpaceException.class);
            assertThat(log.lastZxid()).isEqualTo(zxid(1, 5));
            log.flush();
            assertThat(log.durableZxid()).isEqualTo(zxid(1, 5));

            log.beforeEachAppend(null);
            appendRange(log, 6, 8);
            log.flush();
            assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 8));
        }
        assertThat(LogFiles.segmentDirectories(directory)).as("a new segment after the failed append").hasSize(2);
        try (ChronicleTxnLog reopened = open()) {
            assertThat(zxidsAfter(reopened, 0)).isEqualTo(range(1, 8));
        }
    }

    @Test
    void shouldDropASegmentWhoseFirstAppendFailed() {
        try (ChronicleTxnLog log = open()) {
            appendRange(log, 1, 3);
            log.roll();
            log.beforeEachAppend(NO_SPACE);
            assertThatThrownBy(() -> append(log, zxid(1, 4))).isInstanceOf(NoSpaceException.class);
            assertThat(log.lastZxid()).isEqualTo(zxid(1, 3));
            log.beforeEachAppend(null);
            appendRange(log, 4, 5);
            log.flush();
        }
        try (ChronicleTxnLog reopened = open()) {
            assertThat(zxidsAfter(reopened, 0)).isEqualTo(range(1, 5));
        }
    }

    @Test
    void shouldReportAFailedBackgroundForceOnceAndThenRefuseEverythingWithoutForcingAgain() {
        AtomicInteger forces = new AtomicInteger();
        try (ChronicleTxnLog log = open()) {
            appendRange(log, 1, 3);
            log.flush();
            log.beforeEachForce(() -> {
                forces.incrementAndGet();
                throw new UncheckedIOException(new IOException("Input/output error"));
            });
            append(log, zxid(1, 4));
            TxnLog.Force force = log.beginForce();
            force.run();
            assertThatThrownBy(log::durableZxid).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("Input/output error");
            assertThatThrownBy(log::durableZxid).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot be trusted since an fsync failed");
            assertThatThrownBy(log::flush).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> append(log, zxid(1, 5))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(log::beginForce).isInstanceOf(IllegalStateException.class);
            assertThat(forces).as("the failed force is not retried").hasValue(1);
        }
        try (ChronicleTxnLog reopened = open()) {
            assertThat(zxidsAfter(reopened, 0)).as("what was forced before the failure").startsWith(range(1, 3).toArray(Long[]::new));
        }
    }

    @Test
    void shouldFailAFlushWhoseForceFailsAndNeverForceAgain() {
        AtomicInteger forces = new AtomicInteger();
        try (ChronicleTxnLog log = open()) {
            log.beforeEachForce(() -> {
                forces.incrementAndGet();
                throw new UncheckedIOException(new IOException("Input/output error"));
            });
            appendRange(log, 1, 2);
            assertThatThrownBy(log::flush).isInstanceOf(UncheckedIOException.class);
            assertThatThrownBy(log::flush).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(log::roll).isInstanceOf(IllegalStateException.class);
            assertThat(forces).hasValue(1);
        }
    }
}
