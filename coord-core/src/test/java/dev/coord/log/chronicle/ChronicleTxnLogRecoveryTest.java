package dev.coord.log.chronicle;

import static dev.coord.log.TxnLogContractTest.append;
import static dev.coord.log.TxnLogContractTest.appendRange;
import static dev.coord.log.TxnLogContractTest.payloadOf;
import static dev.coord.log.TxnLogContractTest.range;
import static dev.coord.log.TxnLogContractTest.zxid;
import static dev.coord.log.TxnLogContractTest.zxidsAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.log.LogCorruptedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ChronicleTxnLogRecoveryTest damages a closed log's files and checks what opening it does. */
class ChronicleTxnLogRecoveryTest {
    @TempDir
    Path directory;

    private ChronicleTxnLog open() {
        return ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS);
    }

    private void writeAndClose(int first, int last) {
        try (ChronicleTxnLog log = open()) {
            appendRange(log, first, last);
            log.flush();
        }
    }

    /**
     * Nothing is appended to a segment recovered from disk, damaged or not: what lies past its last
     * record was not written by this process (a fuzzed cycle file that recovery accepted, input 3,640
     * of ChronicleLogFileFuzzTest's seed 1525108897, made Chronicle's appender assert on it).
     */
    @Test
    void shouldAppendToANewSegmentAfterEachOpen() {
        writeAndClose(1, 3);
        try (ChronicleTxnLog log = open()) {
            append(log, zxid(1, 4));
            log.flush();
        }
        assertThat(LogFiles.segmentDirectories(directory)).hasSize(2);
        try (ChronicleTxnLog log = open()) {
            assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 4));
        }
        // Opened and closed with no append: no new segment.
        assertThat(LogFiles.segmentDirectories(directory)).hasSize(2);
    }

    @Test
    void shouldDropATornLastRecordAndAppendToANewSegment() {
        writeAndClose(1, 5);
        LogFiles.corruptAfter(LogFiles.cycleFile(LogFiles.segmentDirectories(directory).get(0)),
                payloadOf(zxid(1, 5)));

        try (ChronicleTxnLog log = open()) {
            assertThat(log.lastZxid()).isEqualTo(zxid(1, 4));
            assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 4));
            append(log, zxid(2, 1));
            append(log, zxid(2, 2));
            log.flush();
        }

        assertThat(LogFiles.segmentDirectories(directory)).hasSize(2);
        try (ChronicleTxnLog log = open()) {
            List<Long> expected = new ArrayList<>(range(1, 4));
            expected.add(zxid(2, 1));
            expected.add(zxid(2, 2));
            assertThat(zxidsAfter(log, 0)).isEqualTo(expected);
            append(log, zxid(2, 3));
            assertThat(log.lastZxid()).isEqualTo(zxid(2, 3));
        }
    }

    @Test
    void shouldDropASegmentWhoseOnlyRecordIsTorn() {
        try (ChronicleTxnLog log = open()) {
            appendRange(log, 1, 3);
            log.roll();
            append(log, zxid(1, 4));
            log.flush();
        }
        Path second = LogFiles.segmentDirectories(directory).get(1);
        LogFiles.corruptAfter(LogFiles.cycleFile(second), payloadOf(zxid(1, 4)));

        try (ChronicleTxnLog log = open()) {
            assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 3));
            assertThat(second).doesNotExist();
            append(log, zxid(1, 4));
        }
        try (ChronicleTxnLog log = open()) {
            assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 4));
        }
    }

    @Test
    void shouldThrowNamingTheFileWhenARecordInTheMiddleIsCorrupt() {
        writeAndClose(1, 5);
        Path cycleFile = LogFiles.cycleFile(LogFiles.segmentDirectories(directory).get(0));
        LogFiles.corruptAfter(cycleFile, payloadOf(zxid(1, 3)));

        assertThatThrownBy(this::open)
                .isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(cycleFile.toString())
                .hasMessageContaining("record 2");
    }

    @Test
    void shouldThrowWhenASealedSegmentHasACorruptLastRecord() {
        try (ChronicleTxnLog log = open()) {
            appendRange(log, 1, 3);
            log.roll();
            appendRange(log, 4, 6);
        }
        Path cycleFile = LogFiles.cycleFile(LogFiles.segmentDirectories(directory).get(0));
        LogFiles.corruptAfter(cycleFile, payloadOf(zxid(1, 3)));

        assertThatThrownBy(this::open)
                .isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(cycleFile.toString());
    }

    @Test
    void shouldThrowWhenTheManifestIsCorrupt() {
        writeAndClose(1, 5);
        Path manifest = directory.resolve(ManifestFile.FILE_NAME);
        LogFiles.corruptAt(manifest, 20);

        assertThatThrownBy(this::open)
                .isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(manifest.toString());
    }

    @Test
    void shouldThrowWhenTheManifestIsMissingButSegmentsArePresent() throws IOException {
        writeAndClose(1, 5);
        Files.delete(directory.resolve(ManifestFile.FILE_NAME));

        assertThatThrownBy(this::open)
                .isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(directory.resolve(ManifestFile.FILE_NAME).toString());
    }

    @Test
    void shouldThrowWhenZxidsAreOutOfOrder() {
        writeAndClose(1, 5);
        Path segment = LogFiles.segmentDirectories(directory).get(0);
        try (SingleChronicleQueue queue = LogFiles.openQueue(segment);
                ExcerptAppender appender = queue.createAppender()) {
            ExpandableArrayBuffer record = new ExpandableArrayBuffer();
            byte[] payload = payloadOf(zxid(1, 2));
            int length = LogRecordDescriptor.encode(record, new CRC32C(), zxid(1, 2), new UnsafeBuffer(payload), 0,
                    payload.length);
            try (DocumentContext context = appender.writingDocument()) {
                context.wire().bytes().write(record.byteArray(), 0, length);
            }
        }

        assertThatThrownBy(this::open)
                .isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(LogFiles.cycleFile(segment).toString())
                .hasMessageContaining("not above");
    }

    @Test
    void shouldThrowWhenASealedSegmentDoesNotReachItsEndZxid() {
        try (ChronicleTxnLog log = open()) {
            for (int counter = 2; counter <= 6; counter += 2) {
                append(log, zxid(1, counter));
            }
            log.roll();
            append(log, zxid(1, 7));
        }
        ManifestFile manifestFile = new ManifestFile(directory, true);
        Manifest manifest = manifestFile.read().orElseThrow();
        List<Manifest.Entry> entries = new ArrayList<>(manifest.entries());
        entries.set(0, new Manifest.Entry(entries.get(0).segmentId(), zxid(1, 5)));
        manifestFile.write(manifest.withEntries(entries));

        assertThatThrownBy(this::open)
                .isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining("without reaching it");
    }

    @Test
    void shouldDeleteSegmentDirectoriesTheManifestDoesNotList() throws IOException {
        writeAndClose(1, 5);
        Path leftover = directory.resolve(LogSegment.directoryName(99));
        Files.createDirectory(leftover);
        Files.writeString(leftover.resolve("19700101L.cq4"), "left by a crash");

        try (ChronicleTxnLog log = open()) {
            assertThat(leftover).doesNotExist();
            assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 5));
        }
    }

    @Test
    void shouldDeleteATempManifestLeftByACrash() throws IOException {
        writeAndClose(1, 5);
        Path temp = directory.resolve(ManifestFile.TEMP_FILE_NAME);
        Files.writeString(temp, "half a manifest");

        try (ChronicleTxnLog log = open()) {
            assertThat(temp).doesNotExist();
            assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 5));
        }
    }

    @Test
    void shouldOpenAnEmptyDirectoryAsAnEmptyLog() {
        try (ChronicleTxnLog log = open()) {
            assertThat(log.lastZxid()).isZero();
        }
        assertThat(directory.resolve(ManifestFile.FILE_NAME)).exists();
        try (ChronicleTxnLog log = open()) {
            assertThat(log.lastZxid()).isZero();
            assertThat(LogFiles.segmentDirectories(directory)).isEmpty();
        }
    }

    @Test
    void shouldDeleteDirectoriesOfPurgedAndTruncatedSegments() {
        try (ChronicleTxnLog log = open()) {
            appendRange(log, 1, 3);
            log.roll();
            appendRange(log, 4, 6);
            log.roll();
            appendRange(log, 7, 9);
            List<Path> before = LogFiles.segmentDirectories(directory);

            log.purgeUpTo(zxid(1, 3));
            log.truncateAfter(zxid(1, 5));

            assertThat(before).hasSize(3);
            assertThat(LogFiles.segmentDirectories(directory)).containsExactly(before.get(1));
        }
    }
}
