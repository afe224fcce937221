package dev.coord.log.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.Durability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;

/** LogFiles finds and damages the files of a closed log on disk, for recovery tests. */
final class LogFiles {
    /** The options tests open logs with: durable, with a small block size. */
    static final ChronicleTxnLog.Options TEST_OPTIONS = new ChronicleTxnLog.Options(Durability.FSYNC, 1 << 20);

    private LogFiles() {
    }

    /** The segment directories of the log in {@code logDirectory}, oldest first. */
    static List<Path> segmentDirectories(Path logDirectory) {
        try (Stream<Path> paths = Files.list(logDirectory)) {
            return paths.filter(path -> LogSegment.parseId(path.getFileName().toString()) >= 0).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one Chronicle cycle file of a segment directory. */
    static Path cycleFile(Path segmentDirectory) {
        try (Stream<Path> paths = Files.list(segmentDirectory)) {
            List<Path> files = paths.filter(path -> path.toString().endsWith(".cq4")).toList();
            assertThat(files).as("cycle files in %s", segmentDirectory).hasSize(1);
            return files.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flips the bits of the byte after the one occurrence of {@code marker} starts in {@code file}. */
    static void corruptAfter(Path file, byte[] marker) {
        try {
            byte[] content = Files.readAllBytes(file);
            int at = indexOf(content, marker, 0);
            assertThat(at).as("marker in %s", file).isNotNegative();
            assertThat(indexOf(content, marker, at + 1)).as("second marker in %s", file).isNegative();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(new byte[] {(byte) ~content[at + 1]}), at + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flips the bits of the byte at {@code position} of {@code file}. */
    static void corruptAt(Path file, int position) {
        try {
            byte[] content = Files.readAllBytes(file);
            content[position] = (byte) ~content[position];
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a segment's queue directly, as Coord does, bypassing the log. */
    static SingleChronicleQueue openQueue(Path segmentDirectory) {
        return SingleChronicleQueueBuilder.binary(segmentDirectory)
                .blockSize(TEST_OPTIONS.blockSizeBytes())
                .rollCycle(LargeRollCycles.LARGE_DAILY)
                .timeProvider(() -> 0L)
                .build();
    }

    private static int indexOf(byte[] content, byte[] marker, int from) {
        outer:
        for (int i = from; i <= content.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (content[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
