package dev.coord.log.chronicle;

import static dev.coord.log.TxnLogContractTest.appendRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.log.LogCorruptedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regressions found by {@link ChronicleLogFileFuzzTest}. */
class ChronicleLogHardeningTest {
    @TempDir
    Path directory;

    /**
     * Found by the fuzzer (seed 1525108897, input 18): a cycle file whose first header is damaged made
     * Chronicle throw {@code java.io.StreamCorruptedException: Unexpected magic number} out of
     * {@link ChronicleTxnLog#open}, instead of the log reporting a corrupt file.
     */
    @Test
    void aCycleFileWithADamagedFirstHeaderIsReportedAsCorruptNamingTheFile() throws IOException {
        try (ChronicleTxnLog log = ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS)) {
            appendRange(log, 1, 3);
            log.flush();
        }
        Path cycle = LogFiles.cycleFile(LogFiles.segmentDirectories(directory).get(0));
        try (FileChannel channel = FileChannel.open(cycle, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0x5E7FE165).putInt(0x5E7FE165).flip(), 0);
        }

        assertThatThrownBy(() -> ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS).close())
                .isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(LogFiles.segmentDirectories(directory).get(0).getFileName().toString());
    }

    /**
     * Found by timing the fuzzer: a cycle file whose first header is marked as still being written made
     * Chronicle wait its default 10 s for another writer to finish it before failing; each such input
     * (and a peer starting on such a file) stalled that long. No other writer can exist, so the wait is
     * {@link LogSegment#HEADER_WAIT_MS}, and the file is reported as corrupt at once.
     */
    @Test
    void aCycleFileWhoseFirstHeaderIsMarkedAsBeingWrittenIsReportedAsCorruptWithoutWaiting() throws IOException {
        try (ChronicleTxnLog log = ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS)) {
            appendRange(log, 1, 3);
            log.flush();
        }
        Path cycle = LogFiles.cycleFile(LogFiles.segmentDirectories(directory).get(0));
        try (FileChannel channel = FileChannel.open(cycle, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(header, 0);
            int notComplete = header.getInt(0) | 0x8000_0000;
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(notComplete).flip(), 0);
        }

        long startNs = System.nanoTime();
        assertThatThrownBy(() -> ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS).close())
                .isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(LogFiles.segmentDirectories(directory).get(0).getFileName().toString());
        // Chronicle's default wait is 10 s; a loaded machine still opens a small log well within 5 s.
        assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(Duration.ofSeconds(5));
    }
}
