package dev.coord.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link Compare}'s smallest path end to end, so the harness cannot rot silently: a standalone
 * ZooKeeper server and a standalone Coord peer, each in a JVM of its own, the data workload (writes,
 * reads, locks) for a fraction of a second per figure. Checks that every figure came back from both
 * sides, and that no process and no temporary file outlive the run.
 */
class CompareSmokeTest {
    private static final List<String> DATA_FIGURES = List.of("create, 1 in flight", "create, 128 in flight",
            "create p50, 1 in flight", "setData, 16 in flight", "setData p99, 1 in flight",
            "getData, 1 in flight", "getData, 128 in flight", "lock cycles, 1 session", "lock cycles, 8 sessions");

    @Test
    @Timeout(value = 120)
    void smallestRunMeasuresBothSidesAndCleansUp(@TempDir Path tmp) throws Exception {
        Path tsv = tmp.resolve("out/smoke.tsv");
        Path temp = Files.createDirectories(tmp.resolve("temp"));
        Compare.Options options = Compare.Options.parse(new String[] {"--only", "data", "--sizes", "1", "--rounds", "1",
                "--seconds", "0.2", "--warmup", "0.5", "--out", tsv.toString(), "--logs", tmp.resolve("logs").toString(),
                "--child-flags", "-Xmx256m"});

        assertThat(Compare.run(options, temp)).as("exit code; see %s", tmp.resolve("logs")).isZero();

        List<String> rows = Files.readAllLines(tsv);
        assertThat(rows.get(0)).startsWith("figure\tunit\tcoord_n\tcoord_median");
        for (String figure : DATA_FIGURES) {
            String row = rows.stream().filter(r -> r.startsWith("1 node: " + figure + "\t")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + figure + " in " + rows));
            String[] cells = row.split("\t", -1);
            assertThat(cells[2]).as("Coord values of %s", figure).isEqualTo("1");
            assertThat(Double.parseDouble(cells[3])).as("Coord median of %s", figure).isPositive();
            assertThat(cells[6]).as("ZooKeeper values of %s", figure).isEqualTo("1");
            assertThat(Double.parseDouble(cells[7])).as("ZooKeeper median of %s", figure).isPositive();
        }
        ChildProcesses.assertNoneLeft(Duration.ofSeconds(10));
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).as("temporary directories left").isEmpty();
        }
    }
}
