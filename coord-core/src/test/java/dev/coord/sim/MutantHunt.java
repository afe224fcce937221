package dev.coord.sim;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * MutantHunt runs seeds of one configuration until the first fails, and reports after how many; with
 * a protocol break applied on purpose (scripts/sim-mutants.sh applies each of coord-core/src/test/mutants),
 * it shows how soon the simulator catches it. It fails if no seed fails within the bound: on correct
 * code, that is the expected outcome, and the script says so.
 */
@Tag("slow")
class MutantHunt {
    @Test
    void huntUntilASeedFails() {
        String config = System.getProperty("coord.sim.config", "faults3");
        int bound = Integer.getInteger("coord.sim.bound", 200);
        long start = System.nanoTime();
        for (long seed = 1; seed <= bound; seed++) {
            try {
                SimulationCheck.run(config, seed, false);
            } catch (AssertionError | RuntimeException e) {
                String first = String.valueOf(e.getMessage()).lines().limit(2).reduce((a, b) -> a + " / " + b).orElse("");
                System.out.printf("MUTANT-CAUGHT after %d seed(s), %.1f s: %s%n", seed, (System.nanoTime() - start) / 1e9, first);
                return;
            }
        }
        throw new AssertionError("MUTANT-SURVIVED: no seed of " + bound + " failed");
    }
}
