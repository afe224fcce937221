package dev.coord.sim;

import dev.coord.testkit.check.LinearizabilityChecker;
import dev.coord.testkit.check.Report;
import dev.coord.testkit.check.SessionOrderChecker;
import dev.coord.testkit.check.Verdict;
import dev.coord.testkit.check.Violation;
import java.time.Duration;
import java.util.List;

/**
 * SimulationCheck runs one seed of one configuration and judges all of it: the invariants while it
 * runs, convergence after the faults, then the recorded history (linearizability of writes and
 * synced reads; per-session order of plain reads). A failure names the seed and the command that
 * replays it.
 */
final class SimulationCheck {
    static final Duration CHECK_BUDGET = Duration.ofSeconds(10);

    /** What one checked run produced. */
    record Checked(Simulation.Outcome outcome, Report linearizability, long wallMs) {
    }

    private SimulationCheck() {
    }

    /** The command that replays {@code seed} of {@code config}, printing its whole trace. */
    static String replayCommand(String config, long seed) {
        return "mvn -B -pl coord-core -am test -Dtest=SimulationTest#replay -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dcoord.sim.config=" + config + " -Dcoord.sim.seed=" + seed;
    }

    static Checked run(String config, long seed, boolean keepTrace) {
        long start = System.nanoTime();
        Simulation sim = new Simulation(seed, SimConfig.named(config), keepTrace);
        Simulation.Outcome outcome;
        try {
            outcome = sim.run();
        } catch (SimulationFailure | AssertionError e) {
            throw failure(config, seed, e.getMessage() + "\nlast events:\n" + sim.traceTail(), e);
        }
        Report report = LinearizabilityChecker.check(outcome.history(), Workload.initialTree(), CHECK_BUDGET);
        if (report.verdict() == Verdict.NOT_LINEARIZABLE) {
            throw failure(config, seed, "the history is not linearizable:\n" + report, null);
        }
        List<Violation> order = SessionOrderChecker.check(outcome.history());
        if (!order.isEmpty()) {
            throw failure(config, seed, "plain reads broke per-session order:\n" + order.get(0), null);
        }
        return new Checked(outcome, report, (System.nanoTime() - start) / 1_000_000);
    }

    private static AssertionError failure(String config, long seed, String what, Throwable cause) {
        return new AssertionError("simulation " + config + " seed " + seed + " failed: " + what
                + "\nreplay: " + replayCommand(config, seed), cause);
    }
}
