package dev.coord.testkit.check;

import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Shrinker finds a small window of a non-linearizable partition for the report, in two steps.
 *
 * <p>First the shortest failing prefix: the earliest completion time {@code t} such that the entries
 * invoked by {@code t} are not linearizable, those still in flight at {@code t} counting as unknown.
 * Such a prefix is a weakening of the history (a linearization of the history, cut at {@code t}, is one
 * of the prefix), so its failure is a genuine violation. The entries completing at {@code t} are the
 * <em>unexplained</em> ones: with them unknown, the prefix is linearizable.
 *
 * <p>Then entries other than the unexplained ones are dropped (first every entry within one path's
 * subtree, for each path, since entries on one path often depend on each other, such as the names of
 * sequential creates; then halves of the rest, quarters, down to single entries) as long as the window (1) stays non-linearizable, (2) becomes linearizable when the
 * unexplained entries are made unknown, and (3) if the unexplained results were possible at some time
 * in the full prefix (a timing violation, such as a stale read), stays linearizable when their
 * intervals are widened to the whole history. (2) keeps the unexplained entries the cause of the
 * violation; (3) stops the window from shrinking into a different reason (a read of a node whose create
 * was dropped). If the unexplained results are possible at no time (a value violation, such as a read
 * of data nobody wrote), every write that may have changed their paths, or created or deleted those
 * paths' parents, stays, for the same reason and so that the reader can see that none of them produces
 * the result. Shrinking stops when the deadline passes, keeping what it has.
 */
final class Shrinker {
    private final Partition partition;
    private final Deadline deadline;
    private final EntryPaths paths;
    private boolean cutShort;

    Shrinker(Partition partition, Deadline deadline) {
        this.partition = partition;
        this.deadline = deadline;
        this.paths = new EntryPaths(partition.entries());
    }

    /** The entries as the search takes them: each in its interval, an unknown one possibly never. */
    static List<TimedOp<Entry>> timed(List<Entry> entries) {
        return entries.stream().map(e -> new TimedOp<>(e, e.invokeNs(), e.completeNs())).toList();
    }

    /**
     * The window of the partition, which must be non-linearizable; {@code stuckAtNs} is where its search
     * got stuck ({@link LinearizabilitySearch.Result#stuckAtNs}).
     */
    Window shrink(long stuckAtNs) {
        long cutNs = firstFailingCompletion(stuckAtNs);
        List<Entry> prefix = prefix(cutNs);
        List<Entry> unexplained = prefix.stream().filter(e -> e.completeNs() == cutNs).toList();
        boolean timing = search(widened(prefix, unexplained)) == Verdict.LINEARIZABLE;
        List<Entry> kept = new ArrayList<>();
        List<Entry> others = new ArrayList<>();
        for (Entry e : prefix) {
            if (!unexplained.contains(e)) {
                (!timing && paths.shapes(e, unexplained) ? kept : others).add(e);
            }
        }
        others.sort(Comparator.comparing((Entry e) -> e.command().isWrite() ? 1 : 0).thenComparingLong(Entry::id));
        List<Entry> given = reduce(kept, others, unexplained, timing);
        given.sort(Comparator.comparingLong(Entry::id));
        return new Window(new TreeSet<>(partition.paths()), unexplained, given, cutNs, partition.entries().size(), !cutShort);
    }

    /** The earliest completion time (not before {@code stuckAtNs}) whose prefix is known not to be linearizable. */
    private long firstFailingCompletion(long stuckAtNs) {
        long[] times = partition.entries().stream().filter(e -> e.completeNs() != Entry.NEVER)
                .mapToLong(Entry::completeNs).distinct().sorted().toArray();
        int lo = 0;
        while (lo < times.length - 1 && times[lo] < stuckAtNs) {
            lo++;
        }
        int hi = times.length - 1;
        if (lo < hi && search(prefix(times[lo])) == Verdict.NOT_LINEARIZABLE) {
            return times[lo];
        }
        while (lo < hi && !cutShort) {
            int mid = (lo + hi) >>> 1;
            if (search(prefix(times[mid])) == Verdict.NOT_LINEARIZABLE) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return times[hi];
    }

    /** The entries invoked by {@code cutNs}; those completing later count as unknown (reads among them are dropped). */
    private List<Entry> prefix(long cutNs) {
        List<Entry> prefix = new ArrayList<>();
        for (Entry e : partition.entries()) {
            if (e.invokeNs() <= cutNs) {
                Entry cut = e.completeNs() <= cutNs ? e : unknown(e);
                if (cut != null) {
                    prefix.add(cut);
                }
            }
        }
        return prefix;
    }

    /** {@code e} with its outcome unknown, or null if it is a read (which then constrains nothing). */
    private static Entry unknown(Entry e) {
        if (!e.command().isWrite()) {
            return null;
        }
        return e.result() instanceof Result.Unknown ? e : new Entry(e.id(), e.session(), e.invokeNs(), Entry.NEVER, e.command(), new Result.Unknown(), e.synced());
    }

    /**
     * {@code fixed} and as many of {@code others} as must stay for the window with {@code unexplained}
     * to remain acceptable.
     */
    private List<Entry> reduce(List<Entry> fixed, List<Entry> others, List<Entry> unexplained, boolean timing) {
        List<Entry> kept = new ArrayList<>(others);
        Set<String> neighbourhood = paths.neighbourhood(unexplained);
        List<Entry> far = kept.stream().filter(e -> !paths.touches(e, neighbourhood)).toList();
        if (!far.isEmpty() && acceptable(fixed, kept, far, unexplained, timing)) {
            kept.removeAll(far);
        }
        int before;
        do {
            before = kept.size();
            dropFamilies(fixed, kept, unexplained, timing);
            dropChunks(fixed, kept, unexplained, timing);
        } while (kept.size() < before && !cutShort);
        kept.addAll(fixed);
        return kept;
    }

    /** Drops from {@code kept}, path by path, all entries within the path's subtree, where acceptable. */
    private void dropFamilies(List<Entry> fixed, List<Entry> kept, List<Entry> unexplained, boolean timing) {
        SortedSet<String> roots = new TreeSet<>();
        kept.forEach(e -> roots.addAll(paths.of(e)));
        for (String root : roots) {
            List<Entry> family = kept.stream().filter(e -> paths.within(e, root)).toList();
            if (!cutShort && !family.isEmpty() && family.size() < kept.size() && acceptable(fixed, kept, family, unexplained, timing)) {
                kept.removeAll(family);
            }
        }
    }

    /** Drops from {@code kept} halves, then quarters, down to single entries, where acceptable. */
    private void dropChunks(List<Entry> fixed, List<Entry> kept, List<Entry> unexplained, boolean timing) {
        for (int chunk = Integer.highestOneBit(Math.max(1, kept.size())); chunk >= 1 && !cutShort; chunk /= 2) {
            int i = 0;
            while (i < kept.size() && !cutShort) {
                List<Entry> group = kept.subList(i, Math.min(i + chunk, kept.size()));
                if (acceptable(fixed, kept, group, unexplained, timing)) {
                    group.clear();
                } else {
                    i += chunk;
                }
            }
        }
    }

    /** True if the window of {@code fixed}, {@code kept} but not {@code dropped}, and {@code unexplained} is acceptable. */
    private boolean acceptable(List<Entry> fixed, List<Entry> kept, List<Entry> dropped, List<Entry> unexplained, boolean timing) {
        Set<Entry> gone = new HashSet<>(dropped);
        List<Entry> given = new ArrayList<>(fixed);
        kept.stream().filter(e -> !gone.contains(e)).forEach(given::add);
        return acceptable(given, unexplained, timing);
    }

    /**
     * True if the window of {@code given} and {@code unexplained} stays non-linearizable, becomes
     * linearizable with the unexplained outcomes unknown, and (for a timing violation) becomes
     * linearizable with the unexplained intervals widened.
     */
    private boolean acceptable(List<Entry> given, List<Entry> unexplained, boolean timing) {
        List<Entry> window = new ArrayList<>(given);
        window.addAll(unexplained);
        if (search(window) != Verdict.NOT_LINEARIZABLE) {
            return false;
        }
        List<Entry> explained = new ArrayList<>(given);
        for (Entry e : unexplained) {
            Entry u = unknown(e);
            if (u != null) {
                explained.add(u);
            }
        }
        if (search(explained) != Verdict.LINEARIZABLE) {
            return false;
        }
        return !timing || search(widened(window, unexplained)) == Verdict.LINEARIZABLE;
    }

    /** {@code window} with the intervals of {@code unexplained} widened to cover every other entry. */
    private static List<Entry> widened(List<Entry> window, List<Entry> unexplained) {
        Set<Entry> wide = new HashSet<>(unexplained);
        List<Entry> widened = new ArrayList<>(window.size());
        for (Entry e : window) {
            widened.add(wide.contains(e) ? new Entry(e.id(), e.session(), Long.MIN_VALUE, Entry.NEVER - 1, e.command(), e.result(), e.synced()) : e);
        }
        return widened;
    }

    private Verdict search(List<Entry> window) {
        Verdict v = LinearizabilitySearch.search(new TreeModel(partition.domain(), window), timed(window), deadline);
        if (v == Verdict.UNKNOWN) {
            cutShort = true;
        }
        return v;
    }
}
