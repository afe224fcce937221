package dev.coord.testkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How long a check takes on a realistic partition: 300 entries, about five in flight at any time. The
 * bound asserted is loose (machines running tests are shared); the measured times are printed.
 */
class CheckerPerformanceTest {
    static final int COMMANDS = 300;
    static final Duration LOOSE_BOUND = Duration.ofSeconds(5);

    @Test
    void shouldCheckALinearizablePartitionOf300EntriesQuickly() {
        for (long seed = 100; seed < 105; seed++) {
            RandomHistories.Generated g = RandomHistories.generate(seed, COMMANDS);
            long startNs = System.nanoTime();
            Report report = LinearizabilityChecker.check(g.entries(), RandomHistories.INITIAL, Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - startNs);
            System.out.printf("seed %d: %s, largest partition %d entries, %d ms%n", seed, report.verdict(), largestPartition(g.entries()), took.toMillis());
            assertThat(report.verdict()).isEqualTo(Verdict.LINEARIZABLE);
            assertThat(largestPartition(g.entries())).isGreaterThanOrEqualTo(250);
            assertThat(took).isLessThan(LOOSE_BOUND);
        }
    }

    @Test
    void shouldFindAndShrinkAViolationInAPartitionOf300EntriesQuickly() {
        for (long seed = 100; seed < 102; seed++) {
            RandomHistories.Generated g = RandomHistories.generate(seed, COMMANDS);
            Entry last = g.entries().stream().filter(e -> e.command() instanceof Command.GetData && e.result() instanceof Result.Ok)
                    .reduce((a, b) -> b).orElseThrow();
            Result.Node seen = (Result.Node) ((Result.Ok) last.result()).value();
            Entry corrupted = RandomHistoryTest.withResult(last, new Result.Ok(new Result.Node("nobody", seen.version(), seen.czxid(), seen.mzxid())));
            long startNs = System.nanoTime();
            Report report = LinearizabilityChecker.check(RandomHistoryTest.replace(g.entries(), corrupted), RandomHistories.INITIAL, Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - startNs);
            System.out.printf("seed %d corrupted: %s, window %d entries, %d ms%n%s", seed, report.verdict(),
                    report.violation().map(w -> w.entries().size()).orElse(0), took.toMillis(), report);
            assertThat(report.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(took).isLessThan(LOOSE_BOUND);
        }
    }

    /**
     * The simulator's hardest shape: a lock queue and ephemeral keys joined by session ends with long
     * intervals, and sequential creates of unknown outcome. Before the search's reductions seed 1 ran
     * out of a 20 s budget.
     */
    @Test
    void shouldCheckALockQueueWithLostSessionsQuickly() {
        for (long seed = 1; seed <= 5; seed++) {
            List<Entry> history = LockQueueHistories.generate(seed, 600, false);
            long startNs = System.nanoTime();
            Report report = LinearizabilityChecker.check(history, LockQueueHistories.INITIAL, Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - startNs);
            System.out.printf("lock queue seed %d: %s, %d ms%n", seed, report.verdict(), took.toMillis());
            assertThat(report.verdict()).as("seed %d: %s", seed, report).isEqualTo(Verdict.LINEARIZABLE);
            assertThat(took).isLessThan(LOOSE_BOUND.multipliedBy(2));
        }
    }

    private static int largestPartition(List<Entry> history) {
        List<Entry> checked = history.stream().filter(e -> e.linearizable() && !(e.result() instanceof Result.Unknown && !e.command().isWrite())).toList();
        return Partitioner.partition(checked, RandomHistories.INITIAL).stream().mapToInt(p -> p.entries().size()).max().orElse(0);
    }
}
