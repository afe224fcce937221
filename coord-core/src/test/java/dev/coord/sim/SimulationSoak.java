package dev.coord.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.testkit.check.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SimulationSoak is the simulator's long mode: it runs fresh seeds over every configuration until a
 * time budget ends, and reports seeds per second, simulated hours and every failing seed with its
 * replay command. Not part of the normal suite:
 *
 * <pre>
 * mvn -B -pl coord-core -am test -Dtest=SimulationSoak -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcoord.test.excludedGroups=none -Dcoord.sim.minutes=30 [-Dcoord.sim.baseSeed=N]
 * </pre>
 */
@Tag("slow")
class SimulationSoak {
    private static final List<String> CONFIGS = List.of("faults3", "faults3", "faults5", "faults7", "calm3");

    @Test
    void runSeedsUntilTheBudgetEnds() throws IOException {
        double minutes = Double.parseDouble(System.getProperty("coord.sim.minutes", "10"));
        long baseSeed = Long.getLong("coord.sim.baseSeed", System.currentTimeMillis());
        long deadline = System.nanoTime() + (long) (minutes * 60e9);
        Random seeds = new Random(baseSeed);
        List<String> failures = new ArrayList<>();
        long runs = 0;
        long simulatedMs = 0;
        long unknownVerdicts = 0;
        long entries = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < deadline) {
            String config = CONFIGS.get((int) (runs % CONFIGS.size()));
            long seed = seeds.nextLong() & Long.MAX_VALUE;
            runs++;
            try {
                SimulationCheck.Checked c = SimulationCheck.run(config, seed, false);
                simulatedMs += c.outcome().simulatedMs();
                entries += c.outcome().history().size();
                if (c.linearizability().verdict() == Verdict.UNKNOWN) {
                    unknownVerdicts++;
                }
            } catch (AssertionError e) {
                failures.add(e.getMessage());
                System.out.println(e.getMessage());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String report = String.format("soak (base seed %d): %d runs in %.0f s = %.2f seeds/s; %.2f simulated hours; %d history entries;"
                        + " %d histories the checker could not finish within its budget; %d failures%n%s",
                baseSeed, runs, seconds, runs / seconds, simulatedMs / 3.6e6, entries, unknownVerdicts, failures.size(),
                String.join("\n\n", failures));
        System.out.println(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "simulation-soak.txt"), report);
        assertThat(failures).isEmpty();
    }
}
