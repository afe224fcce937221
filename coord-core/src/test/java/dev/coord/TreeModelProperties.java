package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based properties of the znode tree: random sequences of creates (every mode), deletes, setData,
 * multis, reads with and without watches, and session opens and closes run against an in-memory
 * {@link Coordinator} and a {@link ReferenceTree}; after every step {@link TreeModelRun} compares return
 * values, exceptions, zxids and counts, and periodically the whole tree and every session's watch events.
 *
 * <p>To replay a failing seed (the failure message names it, and the step and its index):
 * {@code mvn -pl coord-core -am test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='TreeModelProperties#shouldReplay*' -Dcoord.model.seed=SEED}, optionally with
 * {@code -Dcoord.model.steps=N} to stop right after the failing step.
 */
class TreeModelProperties {
    static final int STEPS_PER_SEED = 10_000;
    static final int TREE_CHECK_EVERY = 250;
    static final int EVENT_CHECK_EVERY = 500;

    static LongStream seeds() {
        return LongStream.of(1L, 42L, 7_919L, 20_240_601L, 0xC0FFEEL);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldBehaveLikeTheReferenceModelForRandomOperations(long seed) {
        Summary summary = runSeed(seed, STEPS_PER_SEED);

        // The run must have reached every rule it is meant to test, or a passing run would prove little.
        assertThat(summary.watchEvents()).as("watch events in seed %d", seed).isGreaterThan(200);
        assertThat(summary.containersCascaded()).as("containers cascaded in seed %d", seed).isGreaterThan(10);
        assertThat(summary.outcomes()).as("outcomes of seed %d", seed).containsKeys(
                "create OK", "create NO_NODE", "create NODE_EXISTS", "create NO_CHILDREN_FOR_EPHEMERALS",
                "create BAD_ARGUMENTS", "create-sequential OK", "create-sequential NODE_EXISTS",
                "delete OK", "delete NO_NODE", "delete BAD_VERSION", "delete NOT_EMPTY", "delete BAD_ARGUMENTS",
                "setData OK", "setData NO_NODE", "setData BAD_VERSION",
                "multi OK", "multi NO_NODE", "multi NODE_EXISTS", "multi BAD_VERSION", "multi NOT_EMPTY",
                "multi BAD_ARGUMENTS", "exists OK", "getData OK", "getData NO_NODE", "getChildren OK",
                "getChildren NO_NODE", "getChildren BAD_ARGUMENTS", "create CLOSED", "multi CLOSED");
    }

    @Test
    @EnabledIfSystemProperty(named = "coord.model.seed", matches = "-?\\d+")
    void shouldReplayTheSeedGivenOnTheCommandLine() {
        long seed = Long.parseLong(System.getProperty("coord.model.seed"));
        runSeed(seed, Integer.getInteger("coord.model.steps", STEPS_PER_SEED));
    }

    /**
     * The same property with QuickTheories, for the tree (watch events are left to the seeded runs): each
     * step is drawn from its own long, so shrinking the list of longs shrinks the sequence of steps
     * (removing a long removes a step) to a short failing one, printed as the falsifying value.
     */
    @Test
    void shouldBehaveLikeTheReferenceModelForShrinkableSequences() {
        qt().withFixedSeed(0x5EED_CAFEL)
                .withExamples(60)
                .withShrinkCycles(1_000)
                .forAll(lists().of(longs().all()).ofSizeBetween(1, 120))
                .checkAssert(TreeModelProperties::runSteps);
    }

    /** Summary is what a seeded run reached: outcomes per kind of step, watch events, container cascades. */
    record Summary(Map<String, Integer> outcomes, int watchEvents, long containersCascaded) {
    }

    static Summary runSeed(long seed, int steps) {
        Random random = new Random(seed);
        String label = "seed=" + seed + " (replay: -Dtest='TreeModelProperties#shouldReplay*' -Dcoord.model.seed=" + seed + ")";
        try (TreeModelRun run = new TreeModelRun(label, true)) {
            TreeStepGenerator generator = new TreeStepGenerator(run);
            for (int i = 1; i <= steps; i++) {
                run.apply(generator.next(random));
                if (i % TREE_CHECK_EVERY == 0) {
                    run.checkWholeTree();
                }
                if (i % EVENT_CHECK_EVERY == 0) {
                    run.checkEvents();
                }
            }
            run.finish();
            System.out.println(label + ": " + run.model().nodeCount() + " nodes at the end, "
                    + run.expectedEventCount() + " watch events, " + run.model().containersCascaded() + " containers cascaded; outcomes "
                    + run.outcomes());
            return new Summary(run.outcomes(), run.expectedEventCount(), run.model().containersCascaded());
        }
    }

    private static void runSteps(List<Long> stepSeeds) {
        // Watch events are left to the seeded runs: while shrinking, every candidate would wait for a lost event.
        try (TreeModelRun run = new TreeModelRun("QuickTheories run of " + stepSeeds.size() + " steps", false)) {
            TreeStepGenerator generator = new TreeStepGenerator(run);
            for (long stepSeed : stepSeeds) {
                run.apply(generator.next(new Random(stepSeed)));
            }
            run.finish();
        }
    }
}
