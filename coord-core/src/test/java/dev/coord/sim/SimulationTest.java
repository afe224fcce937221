package dev.coord.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimulationTest {
    static Stream<Arguments> explore() {
        String config = System.getProperty("coord.sim.config", "faults3");
        long from = Long.getLong("coord.sim.from", 1);
        long count = Long.getLong("coord.sim.count", 20);
        return LongStream.range(from, from + count).mapToObj(s -> Arguments.of(config, s));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("explore")
    void simulate(String config, long seed) {
        long start = System.nanoTime();
        boolean keep = Boolean.getBoolean("coord.sim.keepTrace");
        Simulation sim = new Simulation(seed, SimConfig.named(config), keep);
        Simulation.Outcome o;
        try {
            o = sim.run();
        } catch (SimulationFailure f) {
            System.out.println(sim.traceTail());
            if (keep) {
                try {
                    java.nio.file.Files.writeString(java.nio.file.Path.of("target/sim-trace.txt"), sim.traceText());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            throw f;
        }
        System.out.printf("SIM %s seed %d: %d ms simulated in %d ms, %d events, %d msgs, %d commits, %d ops, %d entries, faults %s%n",
                config, seed, o.simulatedMs(), (System.nanoTime() - start) / 1_000_000, o.events(), o.messages(), o.commitsChecked(),
                o.opsIssued(), o.history().size(), o.faults());
        assertThat(o.history()).isNotEmpty();
    }
}
