package dev.coord.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link QuorumFloor} for a fraction of a second, with forces through a mapped file and without
 * forces through positional writes, so the floor measurement cannot rot silently: both placements must
 * report writes, p50 no higher than p99, and no follower JVM or log file may outlive the run.
 */
class QuorumFloorTest {
    @Test
    @Timeout(value = 120)
    void measuresBothPlacementsAndCleansUp(@TempDir Path tmp) throws Exception {
        for (boolean force : new boolean[] {false, true}) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            double[] medians = QuorumFloor.run(0.3, 1, tmp, force, true, force, new PrintStream(printed, true, StandardCharsets.UTF_8));

            String output = printed.toString(StandardCharsets.UTF_8);
            assertThat(output).contains("round 0: leader placement").contains("follower placement   writes/s");
            for (int placement = 0; placement < 2; placement++) {
                assertThat(medians[placement * 3]).as("writes/s, placement %d, force %s:%n%s", placement, force, output).isPositive();
                assertThat(medians[placement * 3 + 1]).as("p50").isPositive().isLessThanOrEqualTo(medians[placement * 3 + 2]);
            }
            ChildProcesses.assertNoneLeft(Duration.ofSeconds(10));
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left).as("files left after a run with force %s", force).isEmpty();
            }
        }
    }
}
