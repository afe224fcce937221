package dev.coord.testkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized: histories linearizable by construction ({@link RandomHistories}) must pass both checkers;
 * the same histories with one read corrupted observably (a value nobody wrote, or the state from before
 * a write that completed before the read began) must fail, and the window must name the read.
 */
class RandomHistoryTest {
    static final int COMMANDS = 250;
    static final Duration BUDGET = Duration.ofSeconds(20);

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 20);
    }

    /** Fewer: a violation costs an exhaustive search and shrinking, about half a second each. */
    static LongStream corruptionSeeds() {
        return LongStream.rangeClosed(1, 8);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldAcceptAGeneratedHistory(long seed) {
        RandomHistories.Generated g = RandomHistories.generate(seed, COMMANDS);
        Report report = LinearizabilityChecker.check(g.entries(), RandomHistories.INITIAL, BUDGET);
        assertThat(report.verdict()).as("seed %d: %s", seed, report).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(report.entriesChecked()).isGreaterThan(COMMANDS / 2);
        assertThat(SessionOrderChecker.check(g.entries())).as("seed %d", seed).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("corruptionSeeds")
    void shouldRejectAReadOfAValueNobodyWrote(long seed) {
        RandomHistories.Generated g = RandomHistories.generate(seed, COMMANDS);
        List<Entry> reads = g.entries().stream()
                .filter(e -> e.command() instanceof Command.GetData && e.result() instanceof Result.Ok).toList();
        Entry read = reads.get(new Random(seed).nextInt(reads.size()));
        Result.Node seen = (Result.Node) ((Result.Ok) read.result()).value();
        Entry corrupted = withResult(read, new Result.Ok(new Result.Node("nobody-wrote-this", seen.version(), seen.czxid(), seen.mzxid())));
        assertRejected(seed, replace(g.entries(), corrupted), corrupted);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("corruptionSeeds")
    void shouldRejectAReadOfTheStateBeforeACompletedWrite(long seed) {
        RandomHistories.Generated g = RandomHistories.generate(seed, COMMANDS);
        List<Entry> corruptible = new ArrayList<>();
        for (Entry e : g.entries()) {
            if (e.command() instanceof Command.GetData && !(e.result() instanceof Result.Unknown) && stale(g, e) != null) {
                corruptible.add(e);
            }
        }
        assertThat(corruptible).as("seed %d has reads to make stale", seed).isNotEmpty();
        Entry read = corruptible.get(new Random(seed).nextInt(corruptible.size()));
        ReferenceTree.RefNode before = stale(g, read);
        Entry corrupted = withResult(read, new Result.Ok(new Result.Node(before.data(), before.version(), before.czxid(), before.mzxid())));
        assertRejected(seed, replace(g.entries(), corrupted), corrupted);
    }

    private static void assertRejected(long seed, List<Entry> history, Entry corrupted) {
        Report report = LinearizabilityChecker.check(history, RandomHistories.INITIAL, BUDGET);
        assertThat(report.verdict()).as("seed %d, corrupted #%d: %s", seed, corrupted.id(), report).isEqualTo(Verdict.NOT_LINEARIZABLE);
        Window window = report.violation().orElseThrow();
        assertThat(window.unexplained()).as("seed %d: %s", seed, report).contains(corrupted);
        assertThat(window.minimal()).isTrue();
    }

    /**
     * The node state a read of {@code read}'s path had before the last write that changed what getData
     * shows of it and completed before the read began, if there is one and the node existed then; else
     * null. Reading it is certainly stale: data tokens are unique, so no later state shows the same.
     */
    static ReferenceTree.RefNode stale(RandomHistories.Generated g, Entry read) {
        String path = ((Command.GetData) read.command()).path();
        int latest = -1;
        for (int k = 0; k < g.entries().size(); k++) {
            Entry w = g.entries().get(k);
            int at = g.effectIndex()[k];
            if (at >= 0 && w.command().isWrite() && w.completeNs() < read.invokeNs() && at > latest
                    && !Objects.equals(seen(g.snapshots().get(at).get(path)), seen(g.snapshots().get(at + 1).get(path)))) {
                latest = at;
            }
        }
        return latest < 0 ? null : g.snapshots().get(latest).get(path);
    }

    /** What getData shows of a node: not its cversion. */
    private static Result.Node seen(ReferenceTree.RefNode n) {
        return n == null ? null : new Result.Node(n.data(), n.version(), n.czxid(), n.mzxid());
    }

    static Entry withResult(Entry e, Result result) {
        return new Entry(e.id(), e.session(), e.invokeNs(), e.completeNs(), e.command(), result, e.synced());
    }

    static List<Entry> replace(List<Entry> history, Entry replacement) {
        List<Entry> copy = new ArrayList<>(history);
        copy.replaceAll(e -> e.id() == replacement.id() ? replacement : e);
        return copy;
    }
}
