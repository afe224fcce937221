package dev.coord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PurityTest keeps the pure packages pure (DESIGN.md section 1): no threads, locks, clocks, files,
 * sockets, unseeded randomness or Chronicle in tree, txn, session, zab and the log interfaces, so the
 * deterministic simulator can drive exactly the code production runs.
 */
class PurityTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/coord");
    /** Packages (folders under dev/coord) that must stay pure; subfolders of log are the I/O shell. */
    private static final List<String> PURE = List.of("tree", "txn", "codec", "session", "zab", "log");
    private static final List<String> IMPURE_SUBFOLDERS = List.of("log/chronicle", "log/file");

    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("import\\s+java\\.nio\\.channels"),
            Pattern.compile("import\\s+java\\.nio\\.file"),
            Pattern.compile("import\\s+java\\.io\\.(File|RandomAccessFile)"),
            Pattern.compile("import\\s+java\\.net\\."),
            Pattern.compile("import\\s+net\\.openhft"),
            Pattern.compile("import\\s+java\\.util\\.concurrent\\.(locks|Executor|ThreadLocalRandom|TimeUnit)"),
            Pattern.compile("import\\s+dev\\.coord\\.peer"),
            Pattern.compile("\\bnew\\s+Thread\\b"),
            Pattern.compile("\\bThread\\.(sleep|currentThread|onSpinWait)"),
            Pattern.compile("\\bsynchronized\\b"),
            Pattern.compile("System\\.(currentTimeMillis|nanoTime)\\("),
            Pattern.compile("\\b(Instant|LocalDateTime|LocalDate|ZonedDateTime|OffsetDateTime)\\.now\\("),
            Pattern.compile("\\bThreadLocalRandom\\b"),
            Pattern.compile("\\bnew\\s+(java\\.util\\.)?Random\\(\\s*\\)"),
            Pattern.compile("Math\\.random\\("),
            Pattern.compile("\\bUUID\\.randomUUID\\("));

    @Test
    void shouldFindNoThreadsClocksFilesOrChronicleInPurePackages() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String pkg : PURE) {
            Path dir = SOURCES.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    if (isImpure(file)) {
                        continue;
                    }
                    violations.addAll(violationsIn(file.toString(), Files.readAllLines(file)));
                }
            }
        }
        assertThat(violations).as("forbidden constructs in pure packages").isEmpty();
    }

    @Test
    void shouldScanTheActualSourceTree() {
        assertThat(SOURCES.resolve("tree/DataTree.java")).exists();
        assertThat(SOURCES.resolve("txn/TxnCodec.java")).exists();
    }

    @Test
    void shouldFlagEachForbiddenConstruct() {
        List<String> lines = List.of(
                "import java.nio.channels.FileChannel;",
                "import net.openhft.chronicle.queue.ChronicleQueue;",
                "long now = System.currentTimeMillis();",
                "synchronized (this) {",
                "new Thread(r).start();",
                "Random r = new Random();",
                "import dev.coord.peer.PeerAgent;");
        assertThat(violationsIn("Example.java", lines)).hasSize(lines.size());
        assertThat(violationsIn("Example.java", List.of("Random r = new Random(seed);", "// synchronized in a comment is fine")))
                .isEmpty();
    }

    private static boolean isImpure(Path file) {
        String normalized = SOURCES.relativize(file).toString().replace('\\', '/');
        return IMPURE_SUBFOLDERS.stream().anyMatch(normalized::startsWith);
    }

    private static List<String> violationsIn(String file, List<String> lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String code = stripComment(lines.get(i));
            for (Pattern p : FORBIDDEN) {
                if (p.matcher(code).find()) {
                    out.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        return out;
    }

    private static String stripComment(String line) {
        String trimmed = line.trim();
        if (trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("/*")) {
            return "";
        }
        int comment = line.indexOf("//");
        return comment >= 0 ? line.substring(0, comment) : line;
    }
}
