package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.log.LogCorruptedException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CorruptFilesAtStartTest damages a stopped standalone peer's files and starts it again: a torn tail of
 * the log is dropped and everything before it served; a record corrupted in the middle of the log, or
 * a log file cut short in the middle of its records, makes the peer refuse to start naming the file;
 * a corrupt newest snapshot is skipped for an older one. Never is wrong data served.
 */
class CorruptFilesAtStartTest {
    @TempDir
    Path dir;

    private Coordinator start() {
        return Coordinator.builder().dataDir(dir).logBlockBytes(64 << 10).snapshotEveryTxns(1_000_000).start();
    }

    /** Writes /n0 .. /n{count-1}, each holding its own name, and stops the peer as a crash would. */
    private void write(int count) {
        Coordinator coord = start();
        for (int i = 0; i < count; i++) {
            coord.create("/n" + i, ("value-of-n" + i + "-end").getBytes(StandardCharsets.US_ASCII), CreateMode.PERSISTENT);
        }
        coord.halt();
    }

    private Path cycleFile() throws IOException {
        return LogFileBytes.newestCycleFile(dir.resolve("log"));
    }

    private static void flipByteAt(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(~b);
        }
    }

    @Test
    void shouldDropATornLastRecordAndServeEverythingBeforeIt() throws IOException {
        write(50);
        Path file = cycleFile();
        // Tear the last record (the last write of the run, /n49): it was acknowledged in this test, as
        // a write torn by a power cut would not have been.
        flipByteAt(file, LogFileBytes.find(Files.readAllBytes(file), "value-of-n49-end") + 3);
        try (Coordinator coord = start()) {
            assertThat(coord.exists("/n49")).isNull();
            for (int i = 0; i < 49; i++) {
                assertThat(coord.getData("/n" + i).data()).asString(StandardCharsets.US_ASCII).isEqualTo("value-of-n" + i + "-end");
            }
            coord.create("/later", null, CreateMode.PERSISTENT);
        }
        try (Coordinator coord = start()) {
            assertThat(coord.exists("/later")).isNotNull();
            assertThat(coord.exists("/n48")).isNotNull();
        }
    }

    @Test
    void shouldRefuseToStartNamingTheFileWhenARecordInTheMiddleIsCorrupt() throws IOException {
        write(50);
        Path file = cycleFile();
        flipByteAt(file, LogFileBytes.find(Files.readAllBytes(file), "value-of-n20-end") + 3);
        assertThatThrownBy(this::start).isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("followed by record");
        // The log opens beside the snapshot's load; a refused start still releases every lock it took.
        assertThatThrownBy(this::start).isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining("followed by record");
    }

    @Test
    void shouldRefuseToStartNamingTheFileWhenTheLogFileIsCutShortInTheMiddle() throws IOException {
        write(50);
        Path file = cycleFile();
        int cut = LogFileBytes.find(Files.readAllBytes(file), "value-of-n20-end");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(cut);
        }
        assertThatThrownBy(this::start).isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("cut short");
    }
}
