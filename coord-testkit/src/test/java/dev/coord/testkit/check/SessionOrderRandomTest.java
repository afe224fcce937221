package dev.coord.testkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized: plain reads from lagging servers that never go back per session
 * ({@link LaggingReadHistories}) raise no violation; the same history with one read moved back before a
 * state its session already saw of that path raises one on that read.
 */
class SessionOrderRandomTest {
    static final int COMMANDS = 300;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 15);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldAcceptReadsThatLagButNeverGoBack(long seed) {
        LaggingReadHistories.Generated g = LaggingReadHistories.generate(seed, COMMANDS);
        assertThat(SessionOrderChecker.check(g.entries())).as("seed %d", seed).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldRejectAReadThatGoesBackBeforeWhatItsSessionSaw(long seed) {
        LaggingReadHistories.Generated g = LaggingReadHistories.generate(seed, COMMANDS);
        List<Corruption> candidates = new ArrayList<>();
        for (Entry read : g.entries()) {
            Result.Node earlier = earlierSighting(g, read);
            Result.Node before = earlier == null ? null : olderState(g, read, earlier);
            if (before != null) {
                candidates.add(new Corruption(read, before));
            }
        }
        assertThat(candidates).as("seed %d has reads to move back", seed).isNotEmpty();
        Corruption pick = candidates.get(new Random(seed).nextInt(candidates.size()));
        Entry read = pick.read();
        Entry corrupted = RandomHistoryTest.withResult(read, new Result.Ok(pick.older()));
        List<Violation> violations = SessionOrderChecker.check(RandomHistoryTest.replace(g.entries(), corrupted));
        assertThat(violations).as("seed %d, corrupted #%d", seed, read.id())
                .anySatisfy(v -> {
                    assertThat(v.entry()).isEqualTo(corrupted);
                    assertThat(v.rule()).isEqualTo(Violation.Rule.OLDER_THAN_SEEN);
                });
    }

    /** Corruption is a read and an older state of its path to show instead. */
    private record Corruption(Entry read, Result.Node older) {
    }

    /** The node the last earlier getData of the same session and path saw, if {@code read} is a getData that saw a node. */
    private static Result.Node earlierSighting(LaggingReadHistories.Generated g, Entry read) {
        if (!(read.command() instanceof Command.GetData r) || !(read.result() instanceof Result.Ok)) {
            return null;
        }
        Result.Node seen = null;
        for (Entry e : g.entries()) {
            if (e.id() < read.id() && e.session() == read.session() && e.command() instanceof Command.GetData x
                    && x.path().equals(r.path()) && e.result() instanceof Result.Ok ok) {
                seen = (Result.Node) ok.value();
            }
        }
        return seen;
    }

    /** A state of the read's path, before the one it saw, older than {@code earlier}; null if none. */
    private static Result.Node olderState(LaggingReadHistories.Generated g, Entry read, Result.Node earlier) {
        String path = ((Command.GetData) read.command()).path();
        for (int i = g.stateSeen()[(int) read.id() - 1]; i >= 0; i--) {
            ReferenceTree.RefNode n = g.snapshots().get(i).get(path);
            if (n != null && (n.czxid() == earlier.czxid() ? n.mzxid() < earlier.mzxid() : n.czxid() < earlier.czxid())) {
                return new Result.Node(n.data(), n.version(), n.czxid(), n.mzxid());
            }
        }
        return null;
    }
}
