package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * <p>Then entries other than the unexplained ones are dropped (halves of them, then quarters, down to
 * single entries) as long as the window (1) stays non-linearizable, (2) becomes linearizable when the
 * unexplained entries are made unknown, and (3) if the unexplained results were possible at some time
 * in the full prefix (a timing violation, such as a stale read), stays linearizable when their
 * intervals are widened to the whole history. (2) keeps the unexplained entries the cause of the
 * violation; (3) stops the window from shrinking into a different reason (a read of a node whose create
 * was dropped). If the unexplained results are possible at no time (a value violation, such as a read
 * of data nobody wrote), every write touching their paths or those paths' parents stays, for the same
 * reason and so that the reader can see that none of them produces the result. Shrinking stops when
 * the deadline passes, keeping what it has.
 */
final class Shrinker {
    private final Partition partition;
    private final Deadline deadline;
    private final TreeModel model;
    private boolean cutShort;

    Shrinker(Partition partition, Deadline deadline) {
        this.partition = partition;
        this.deadline = deadline;
        this.model = new TreeModel(partition.domain());
    }

    /** The entries as the search takes them: each in its interval, an unknown one possibly never. */
    static List<TimedOp<Entry>> timed(List<Entry> entries) {
        return entries.stream().map(e -> new TimedOp<>(e, e.invokeNs(), e.completeNs())).toList();
    }

    /** The window of the partition, which must be non-linearizable. */
    Window shrink() {
        long cutNs = firstFailingCompletion();
        List<Entry> prefix = prefix(cutNs);
        List<Entry> unexplained = prefix.stream().filter(e -> e.completeNs() == cutNs).toList();
        boolean timing = search(widened(prefix, unexplained)) == Verdict.LINEARIZABLE;
        List<Entry> kept = new ArrayList<>();
        List<Entry> others = new ArrayList<>();
        Set<String> neighbourhood = timing ? Set.of() : neighbourhood(unexplained);
        for (Entry e : prefix) {
            if (!unexplained.contains(e)) {
                (e.command().isWrite() && touches(e, neighbourhood) ? kept : others).add(e);
            }
        }
        others.sort(Comparator.comparing((Entry e) -> e.command().isWrite() ? 1 : 0).thenComparingLong(Entry::id));
        List<Entry> given = reduce(kept, others, unexplained, timing);
        given.sort(Comparator.comparingLong(Entry::id));
        return new Window(new TreeSet<>(partition.paths()), unexplained, given, cutNs, partition.entries().size(), !cutShort);
    }

    /** The earliest completion time whose prefix is known not to be linearizable. */
    private long firstFailingCompletion() {
        long[] times = partition.entries().stream().filter(e -> e.completeNs() != Entry.NEVER)
                .mapToLong(Entry::completeNs).distinct().sorted().toArray();
        int lo = 0;
        int hi = times.length - 1;
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
        for (int chunk = Integer.highestOneBit(Math.max(1, kept.size())); chunk >= 1 && !cutShort; chunk /= 2) {
            int i = 0;
            while (i < kept.size() && !cutShort) {
                List<Entry> group = kept.subList(i, Math.min(i + chunk, kept.size()));
                List<Entry> trial = new ArrayList<>(fixed);
                Set<Entry> dropped = new HashSet<>(group);
                kept.stream().filter(e -> !dropped.contains(e)).forEach(trial::add);
                if (acceptable(trial, unexplained, timing)) {
                    group.clear();
                } else {
                    i += chunk;
                }
            }
        }
        kept.addAll(fixed);
        return kept;
    }

    /** The paths the unexplained entries name, and their parents. */
    private static Set<String> neighbourhood(List<Entry> unexplained) {
        Set<String> paths = new HashSet<>();
        for (Entry e : unexplained) {
            for (String path : paths(e)) {
                paths.add(path);
                String parent = ZnodePath.parent(path);
                if (parent != null) {
                    paths.add(parent);
                }
            }
        }
        return paths;
    }

    private static boolean touches(Entry e, Set<String> paths) {
        return paths(e).stream().anyMatch(paths::contains);
    }

    /** The paths {@code e} names (for a sequential create, its parent and the path it created, if known). */
    private static List<String> paths(Entry e) {
        List<String> paths = new ArrayList<>();
        List<Command> ops = HistoryFacts.ops(e.command());
        for (int i = 0; i < ops.size(); i++) {
            Command op = ops.get(i);
            if (op instanceof Command.Create c && c.sequential()) {
                paths.add(TreeDraft.sequentialParent(c.path()));
                String created = HistoryFacts.createdPath(e, i);
                if (created != null) {
                    paths.add(created);
                }
            } else {
                String path = ZnodePath.of(op);
                if (path != null) {
                    paths.add(path);
                }
            }
        }
        return paths;
    }

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
        Verdict v = LinearizabilitySearch.search(model, timed(window), deadline);
        if (v == Verdict.UNKNOWN) {
            cutShort = true;
        }
        return v;
    }
}
