package dev.coord.log.chronicle;

import static dev.coord.log.TxnLogContractTest.appendRange;

import dev.coord.log.LogCorruptedException;
import dev.coord.testkit.fuzz.Fuzzer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes log recovery ({@link LogRecovery}, {@link LogSegment}'s record reading) through
 * {@link ChronicleTxnLog#open} on a Chronicle cycle file whose used part is damaged: the log either opens
 * (with the records it could trust, read back in full) or throws {@link LogCorruptedException}; never another
 * exception, never a hang.
 *
 * <p>Each input rewrites a whole log directory and opens Chronicle, so it costs milliseconds (about 10
 * inputs/s on /dev/shm here): the volume is set by {@code coord.fuzz.logFileInputs} (default 50; the
 * long mode sets it explicitly), not {@code coord.fuzz.inputs}.
 */
class ChronicleLogFileFuzzTest {
    @TempDir
    Path tempDir;

    @Test
    void openThrowsOnlyLogCorruptedExceptionOnADamagedCycleFile() throws IOException {
        try (Fuzzer.Scratch scratch = Fuzzer.scratch(tempDir)) {
            fuzz(scratch.dir());
        }
    }

    private static void fuzz(Path dir) throws IOException {
        Path original = dir.resolve("original");
        try (ChronicleTxnLog log = ChronicleTxnLog.open(original, LogFiles.TEST_OPTIONS)) {
            appendRange(log, 1, 12);
            log.flush();
        }
        Path segment = LogFiles.segmentDirectories(original).get(0);
        Path cycle = LogFiles.cycleFile(segment);
        byte[] cycleBytes = Files.readAllBytes(cycle);
        int used = cycleBytes.length;
        while (used > 0 && cycleBytes[used - 1] == 0) {
            used--;
        }
        byte[] usedPart = Arrays.copyOf(cycleBytes, used + 64);
        Path work = dir.resolve("work");
        int inputs = Integer.getInteger("coord.fuzz.logFileInputs", 50);

        // Chronicle used to wait its 10 s timeout on a header marked as being written (300 inputs took
        // 652 s); it now waits LogSegment.HEADER_WAIT_MS. NB: the bound on one input stays wide, as one
        // input of a long run under load once took over 30 s (see SECURITY-transport.md).
        Fuzzer.run("ChronicleTxnLog.open", List.of(usedPart), inputs, java.time.Duration.ofSeconds(30), input -> {
            copyTree(original, work);
            Path damaged = work.resolve(original.relativize(cycle));
            byte[] content = Arrays.copyOf(input, Math.max(input.length, cycleBytes.length));
            Files.write(damaged, content);
            try (ChronicleTxnLog log = ChronicleTxnLog.open(work, LogFiles.TEST_OPTIONS)) {
                List<Long> zxids = new ArrayList<>();
                log.readAfter(0, (zxid, payload, offset, length) -> zxids.add(zxid));
                byte[] payload = {1};
                log.append(log.lastZxid() + 1, new UnsafeBuffer(payload), 0, 1);
            }
        }, LogCorruptedException.class);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> paths = Files.walk(to)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path));
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
