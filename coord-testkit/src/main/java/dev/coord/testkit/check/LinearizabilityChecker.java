package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.time.Duration;
import java.util.List;

/**
 * LinearizabilityChecker decides whether the linearizable part of a recorded history (writes, and
 * reads after a sync) is linearizable with respect to ZooKeeper's tree semantics.
 *
 * <p>It splits the history into independent partitions ({@link Partitioner}), searches each, smallest
 * first, with {@link LinearizabilitySearch} over a {@link TreeModel}, stops at the first violation and
 * shrinks it to a readable {@link Window}. One budget covers the whole check, shrinking included; when
 * it runs out the verdict is {@link Verdict#UNKNOWN} (unless a violation was already found).
 *
 * <p>Left out: plain reads ({@link SessionOrderChecker} judges them), reads whose result is unknown,
 * and failed CloseSessions, none of which can change or constrain what the others observe.
 */
public final class LinearizabilityChecker {
    private LinearizabilityChecker() {
    }

    /** Checks {@code history}, starting from {@code initial}, within {@code budget}. */
    public static Report check(List<Entry> history, InitialTree initial, Duration budget) {
        return check(history, initial, Deadline.after(budget));
    }

    /** Checks {@code history}, starting from {@code initial}, until {@code deadline}. */
    public static Report check(List<Entry> history, InitialTree initial, Deadline deadline) {
        List<Entry> checked = history.stream().filter(LinearizabilityChecker::takesPart).toList();
        List<Partition> partitions = Partitioner.partition(checked, initial);
        int decided = 0;
        for (int i = 0; i < partitions.size(); i++) {
            Partition p = partitions.get(i);
            LinearizabilitySearch.Result result = LinearizabilitySearch.run(new TreeModel(p.domain(), p.entries()), Shrinker.timed(p.entries()),
                    deadline, LinearizabilitySearch.DEFAULT_MEMO_LIMIT);
            Verdict verdict = result.verdict();
            if (verdict == Verdict.NOT_LINEARIZABLE) {
                Window window = new Shrinker(p, deadline).shrink(result.stuckAtNs());
                return new Report(verdict, partitions.size(), decided + p.entries().size(), window, null);
            }
            if (verdict == Verdict.UNKNOWN) {
                return new Report(verdict, partitions.size(), decided, null, String.format(
                        "budget exhausted in partition %s (%d entries), the %d. of %d (smallest first)",
                        p.paths(), p.entries().size(), i + 1, partitions.size()));
            }
            decided += p.entries().size();
        }
        return new Report(Verdict.LINEARIZABLE, partitions.size(), decided, null, null);
    }

    private static boolean takesPart(Entry e) {
        if (!e.linearizable()) {
            return false;
        }
        if (e.result() instanceof Result.Unknown && !e.command().isWrite()) {
            return false;
        }
        return !(e.command() instanceof Command.CloseSession && e.result() instanceof Result.Failed);
    }
}
