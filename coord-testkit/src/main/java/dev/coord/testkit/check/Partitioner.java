package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Partitioner splits a history into independent sub-histories (P-compositionality: a history is
 * linearizable iff each part is), joining paths with union-find.
 *
 * <p>The rule. Each operation's keys are the paths it names; all keys of one entry are joined (so a
 * multi joins all its paths). In addition:
 * <ul>
 * <li>a sequential create's key is its parent (the name it gets is the parent's cversion), plus the
 *     path it created when the result names it;</li>
 * <li>a create or delete of {@code c} joins {@code c}'s parent {@code p} when {@code p}'s child list is
 *     observed anywhere in the history: a getChildren of {@code p}, a sequential create under
 *     {@code p}, or a delete of {@code p} (which fails NOTEMPTY on children);</li>
 * <li>a create of {@code c} also joins {@code p} when {@code p}'s existence may change in the history
 *     (it may be created or deleted), since the create fails NONODE or NOCHILDRENFOREPHEMERALS by it;</li>
 * <li>any key that is a child of a sequential parent joins that parent, since an unknown sequential
 *     create may have made it;</li>
 * <li>a CloseSession joins every path the session may own ephemerally (its ephemeral creates, any
 *     result, and its ephemerals in the initial tree), each joined to its parent by the rule above.</li>
 * </ul>
 * Every read a partition makes of a path outside it (a parent's existence or owner) is then of a path
 * no operation of the history changes, so it sees the initial tree. Entries with no keys (a
 * CloseSession of a session that owns nothing, an empty multi) change nothing any check observes and
 * are left out.
 */
final class Partitioner {
    private final HistoryFacts facts;
    private final Map<String, String> parents = new HashMap<>();

    private Partitioner(HistoryFacts facts) {
        this.facts = facts;
    }

    /** The partitions of {@code entries} (all to be checked for linearizability), smallest first. */
    static List<Partition> partition(List<Entry> entries, InitialTree initial) {
        Partitioner p = new Partitioner(new HistoryFacts(entries, initial));
        Map<Entry, Set<String>> keysByEntry = new IdentityHashMap<>();
        for (Entry e : entries) {
            Set<String> keys = p.keys(e);
            keysByEntry.put(e, keys);
            String first = null;
            for (String key : keys) {
                p.find(key);
                if (first != null) {
                    p.union(first, key);
                }
                first = key;
            }
        }
        Map<String, SortedSet<String>> pathsByRoot = new TreeMap<>();
        // A copy: find may resize the map (computeIfAbsent leaves it past its threshold), which an
        // iterator over its keys does not notice: it would silently skip some.
        for (String path : List.copyOf(p.parents.keySet())) {
            pathsByRoot.computeIfAbsent(p.find(path), r -> new TreeSet<>()).add(path);
        }
        Map<String, List<Entry>> entriesByRoot = new HashMap<>();
        for (Entry e : entries) {
            Set<String> keys = keysByEntry.get(e);
            if (!keys.isEmpty()) {
                entriesByRoot.computeIfAbsent(p.find(keys.iterator().next()), r -> new ArrayList<>()).add(e);
            }
        }
        List<Partition> partitions = new ArrayList<>();
        pathsByRoot.forEach((root, paths) -> {
            List<Entry> own = entriesByRoot.getOrDefault(root, List.of());
            if (!own.isEmpty()) {
                own.sort(Comparator.comparingLong(Entry::id));
                Set<String> childListOwners = new HashSet<>();
                for (String path : paths) {
                    if (p.facts.childListObserved(path)) {
                        childListOwners.add(path);
                    }
                }
                partitions.add(new Partition(paths, own, Domain.of(paths, childListOwners, initial)));
            }
        });
        partitions.sort(Comparator.comparingInt((Partition part) -> part.entries().size()).thenComparing(part -> part.paths().first()));
        return partitions;
    }

    /** The paths entry {@code e} must share a partition with. */
    private Set<String> keys(Entry e) {
        Set<String> keys = new LinkedHashSet<>();
        List<Command> ops = HistoryFacts.ops(e.command());
        for (int i = 0; i < ops.size(); i++) {
            addKeys(ops.get(i), HistoryFacts.createdPath(e, i), keys);
        }
        if (e.command() instanceof Command.CloseSession) {
            for (String owned : facts.ephemeralKeys(e.session())) {
                keys.add(owned);
                joinParentIfChildListObserved(owned, keys);
            }
        }
        for (String key : List.copyOf(keys)) {
            String parent = ZnodePath.parent(key);
            if (parent != null && facts.sequentialParent(parent)) {
                keys.add(parent);
            }
        }
        return keys;
    }

    private void addKeys(Command op, String created, Set<String> keys) {
        if (op instanceof Command.Create c && c.sequential()) {
            keys.add(TreeDraft.sequentialParent(c.path()));
            if (created != null) {
                keys.add(created);
            }
        } else if (op instanceof Command.Create c) {
            keys.add(c.path());
            String parent = ZnodePath.parent(c.path());
            if (parent != null && (facts.childListObserved(parent) || facts.existenceVaries(parent))) {
                keys.add(parent);
            }
        } else if (op instanceof Command.Delete d) {
            keys.add(d.path());
            joinParentIfChildListObserved(d.path(), keys);
        } else if (ZnodePath.of(op) != null) {
            keys.add(ZnodePath.of(op));
        } else if (op instanceof Command.Multi) {
            throw new IllegalArgumentException("a multi may not contain a multi: " + op);
        }
    }

    private void joinParentIfChildListObserved(String path, Set<String> keys) {
        String parent = ZnodePath.parent(path);
        if (parent != null && facts.childListObserved(parent)) {
            keys.add(parent);
        }
    }

    private String find(String path) {
        String root = parents.computeIfAbsent(path, p -> p);
        while (!root.equals(parents.get(root))) {
            root = parents.get(root);
        }
        for (String p = path; !p.equals(root); ) {
            String next = parents.get(p);
            parents.put(p, root);
            p = next;
        }
        return root;
    }

    private void union(String a, String b) {
        String ra = find(a);
        String rb = find(b);
        if (!ra.equals(rb)) {
            parents.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
        }
    }
}
