package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** LogFileBytes finds what the damaged-file tests damage: a log's newest cycle file, and a marker in bytes. */
final class LogFileBytes {
    private LogFileBytes() {
    }

    /** The newest Chronicle cycle file under {@code logDir}. */
    static Path newestCycleFile(Path logDir) throws IOException {
        try (Stream<Path> files = Files.walk(logDir)) {
            List<Path> cycles = files.filter(p -> p.toString().endsWith(".cq4")).sorted().toList();
            assertThat(cycles).isNotEmpty();
            return cycles.get(cycles.size() - 1);
        }
    }

    /** The offset of the first occurrence of {@code marker} (ASCII) in {@code content}. */
    static int find(byte[] content, String marker) {
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i <= content.length - m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (content[i + j] != m[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("marker " + marker + " not found");
    }
}
