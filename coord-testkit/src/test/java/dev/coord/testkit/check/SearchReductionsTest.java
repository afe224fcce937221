package dev.coord.testkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The search's reductions (partial order, changeless operations first, dead ends, dominated
 * configurations) and the model's (anonymous sequential children, unrecorded session ends) must not
 * change a single verdict: on small random histories, linearizable ones and ones with one result or
 * interval corrupted, {@link LinearizabilitySearch} over {@link TreeModel} must agree with
 * {@link PlainSearch} over {@link TreeModel#unreduced}.
 */
class SearchReductionsTest {
    static final Duration PLAIN_BUDGET = Duration.ofSeconds(2);

    @Test
    void shouldAgreeWithThePlainSearchOnLockQueueHistories() {
        int[] counts = compare(0, 250, 36, false);
        System.out.printf("lock queue: %d linearizable, %d not, %d too hard for the plain search%n", counts[0], counts[1], counts[2]);
        assertThat(counts[1]).as("some corrupted histories are not linearizable").isGreaterThan(40);
        assertThat(counts[0]).as("some histories are linearizable").isGreaterThan(400);
        assertThat(counts[2]).as("histories the plain search could not decide").isLessThan(10);
    }

    @Test
    void shouldAgreeWithThePlainSearchWhenTheQueueIsListed() {
        int[] counts = compare(1_000, 1_150, 36, true);
        System.out.printf("listed lock queue: %d linearizable, %d not, %d too hard for the plain search%n", counts[0], counts[1], counts[2]);
        assertThat(counts[1]).isGreaterThan(20);
        assertThat(counts[0]).isGreaterThan(20);
    }

    @Test
    void shouldAgreeWithThePlainSearchOnGeneralHistories() {
        int[] counts = new int[3];
        for (long seed = 2_000; seed < 2_200; seed++) {
            List<Entry> history = RandomHistories.generate(seed, 30).entries();
            compareEach(seed, corrupt(history, mixed(seed)), RandomHistories.INITIAL, counts);
        }
        System.out.printf("general: %d linearizable, %d not, %d too hard for the plain search%n", counts[0], counts[1], counts[2]);
        assertThat(counts[1]).isGreaterThan(20);
    }

    /** Compares verdicts on lock-queue histories of seeds [from, to); returns {linearizable, not, undecided}. */
    private static int[] compare(long from, long to, int commands, boolean listed) {
        int[] counts = new int[3];
        for (long seed = from; seed < to; seed++) {
            List<Entry> history = LockQueueHistories.generate(seed, commands, listed);
            compareEach(seed, corrupt(history, mixed(seed)), LockQueueHistories.INITIAL, counts);
        }
        return counts;
    }

    private static void compareEach(long seed, List<Entry> history, InitialTree initial, int[] counts) {
        List<Entry> checked = history.stream().filter(e -> e.linearizable() && !(e.result() instanceof Result.Unknown && !e.command().isWrite())
                && !(e.command() instanceof Command.CloseSession && e.result() instanceof Result.Failed)).toList();
        for (Partition p : Partitioner.partition(checked, initial)) {
            List<TimedOp<Entry>> ops = Shrinker.timed(p.entries());
            Verdict plain = PlainSearch.search(TreeModel.unreduced(p.domain()), ops, Deadline.after(PLAIN_BUDGET));
            if (plain == Verdict.UNKNOWN) {
                counts[2]++;
                continue;
            }
            Verdict reduced = LinearizabilitySearch.search(new TreeModel(p.domain(), p.entries()), ops, Deadline.after(Duration.ofSeconds(20)));
            assertThat(reduced).as("seed %d, partition %s:%n%s", seed, p.paths(), lines(p.entries())).isEqualTo(plain);
            counts[plain == Verdict.LINEARIZABLE ? 0 : 1]++;
        }
    }

    /** A generator for {@code seed} whose first draws do not follow the seed (as those of nearby seeds of {@link Random} do). */
    static Random mixed(long seed) {
        return new Random(new SplittableRandom(seed).nextLong());
    }

    /** With probability one half, {@code history} with one result or interval changed (so that it may no longer be linearizable). */
    static List<Entry> corrupt(List<Entry> history, Random random) {
        List<Entry> copy = new ArrayList<>(history);
        if (random.nextBoolean()) {
            return copy;
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            int i = random.nextInt(copy.size());
            Entry e = copy.get(i);
            Entry changed = changed(e, random);
            if (changed != null) {
                copy.set(i, changed);
                return copy;
            }
        }
        return copy;
    }

    private static Entry changed(Entry e, Random random) {
        if (e.result() instanceof Result.Unknown) {
            return null;
        }
        if (e.command() instanceof Command.CloseSession || random.nextInt(4) == 0) {
            long shift = 100 + random.nextInt(600);
            return new Entry(e.id(), e.session(), e.invokeNs() - shift, Math.max(e.invokeNs() - shift, e.completeNs() - 2 * shift), e.command(), e.result(), e.synced());
        }
        Result r = e.result();
        Result other;
        if (r instanceof Result.Ok ok && ok.value() instanceof String path && path.length() > 10) {
            long n = Long.parseLong(path.substring(path.length() - 10)) + (random.nextBoolean() ? 1 : -1);
            other = new Result.Ok(path.substring(0, path.length() - 10) + String.format("%010d", Math.max(0, n)));
        } else if (r instanceof Result.Ok ok && ok.value() instanceof Result.Node n) {
            other = new Result.Ok(new Result.Node(n.data(), n.version() + 1, n.czxid(), n.mzxid()));
        } else if (r instanceof Result.Ok ok && ok.value() instanceof Result.Version v) {
            other = new Result.Ok(new Result.Version(v.version(), v.czxid(), v.mzxid() - 1));
        } else if (r instanceof Result.Failed) {
            other = e.command() instanceof Command.GetData || e.command() instanceof Command.Exists ? new Result.Ok(null) : new Result.Ok(e.command() instanceof Command.Create c ? c.path() : null);
        } else {
            other = e.command() instanceof Command.Create ? new Result.Failed("NODEEXISTS") : new Result.Failed("NONODE");
        }
        return new Entry(e.id(), e.session(), e.invokeNs(), e.completeNs(), e.command(), other, e.synced());
    }

    private static String lines(List<Entry> entries) {
        StringBuilder s = new StringBuilder();
        entries.forEach(e -> s.append("  ").append(EntryFormat.line(e)).append('\n'));
        return s.toString();
    }
}
