package dev.coord.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SimulationTest is the simulator's part of the normal suite: a fixed set of seeds over 3, 5 and 7
 * peers (with observers), the regression seeds of bugs it found, replay of one seed, and proof that a
 * seed gives the same trace twice, in this JVM and in another.
 */
class SimulationTest {
    private static final List<String> SUMMARY = new ArrayList<>();

    /** The CI set: its size is what keeps the suite at a few minutes. */
    static Stream<Arguments> ciSeeds() {
        return Stream.of(
                seeds("calm3", 1, 10),
                seeds("faults3", 1, 60),
                seeds("faults5", 1, 20),
                seeds("faults7", 1, 10))
                .flatMap(s -> s);
    }

    private static Stream<Arguments> seeds(String config, long from, long count) {
        return LongStream.range(from, from + count).mapToObj(s -> Arguments.of(config, s));
    }

    /** Seeds that once failed, with the bug each found (src/test/resources/sim/regressions.txt). */
    static Stream<Arguments> regressions() throws IOException {
        List<Arguments> found = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(SimulationTest.class.getResourceAsStream("/sim/regressions.txt"));
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String body = line.replaceAll("#.*", "").trim();
                if (!body.isEmpty()) {
                    String[] words = body.split("\\s+");
                    found.add(Arguments.of(words[0], Long.parseLong(words[1])));
                }
            }
        }
        return found.stream();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("ciSeeds")
    void shouldKeepEveryInvariantAndALinearizableHistory(String config, long seed) {
        record(SimulationCheck.run(config, seed, false));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("regressions")
    void shouldPassEveryRegressionSeed(String config, long seed) {
        record(SimulationCheck.run(config, seed, false));
    }

    @Test
    void shouldGiveTheSameTraceTwiceInOneJvm() {
        Simulation.Outcome first = new Simulation(5, SimConfig.named("faults3"), true).run();
        Simulation.Outcome second = new Simulation(5, SimConfig.named("faults3"), true).run();

        assertThat(second.trace()).isEqualTo(first.trace());
        assertThat(second.traceSha256()).isEqualTo(first.traceSha256());
        assertThat(second.history()).isEqualTo(first.history());
        assertThat(first.traceLines()).isGreaterThan(1_000);
        assertThat(first.faults()).isNotEmpty();
    }

    @Test
    void shouldGiveTheSameTraceInAnotherJvm() throws Exception {
        Simulation.Outcome here = new Simulation(6, SimConfig.named("faults3"), false).run();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-D")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SimulationMain.class.getName(), "faults3", "6"));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).isZero();
        assertThat(out).contains("trace-sha256=" + here.traceSha256());
    }

    /** Replays one seed ({@code -Dcoord.sim.config}, {@code -Dcoord.sim.seed}) and writes its trace. */
    @Test
    void replay() throws IOException {
        String seed = System.getProperty("coord.sim.seed");
        assumeTrue(seed != null, "replays only when given -Dcoord.sim.seed");
        String config = System.getProperty("coord.sim.config", "faults3");
        Path file = Path.of("target", "sim-trace-" + config + "-" + seed + ".txt");
        try {
            SimulationCheck.Checked c = SimulationCheck.run(config, Long.parseLong(seed), true);
            Files.writeString(file, c.outcome().trace());
            System.out.println("trace (sha256 " + c.outcome().traceSha256() + ") written to " + file.toAbsolutePath());
            record(c);
        } catch (AssertionError e) {
            Simulation sim = new Simulation(Long.parseLong(seed), SimConfig.named(config), true);
            try {
                sim.run();
            } catch (RuntimeException | AssertionError again) {
                // The same failure, now with the whole trace kept.
            }
            Files.writeString(file, sim.traceText());
            System.out.println("trace written to " + file.toAbsolutePath());
            throw e;
        }
    }

    private static synchronized void record(SimulationCheck.Checked c) {
        Simulation.Outcome o = c.outcome();
        SUMMARY.add(String.format("%s seed %d: %d ms simulated in %d ms wall; %d events, %d messages, %d breaks, %d commits,"
                        + " %d ops (%d entries), %d watch events, %d expiries, %d closes, faults %s; history %s (%d partitions, %d entries)",
                o.config().name(), o.seed(), o.simulatedMs(), c.wallMs(), o.events(), o.messages(), o.connectionBreaks(),
                o.commitsChecked(), o.opsIssued(), o.history().size(), o.watchEvents(), o.expiries(), o.closes(), o.faults(),
                c.linearizability().verdict(), c.linearizability().partitions(), c.linearizability().entriesChecked()));
    }

    @AfterAll
    static void printSummary() throws IOException {
        if (SUMMARY.isEmpty()) {
            return;
        }
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "simulation-summary.txt"), SUMMARY);
        System.out.println("simulation summary (" + SUMMARY.size() + " runs) in target/simulation-summary.txt");
    }
}
