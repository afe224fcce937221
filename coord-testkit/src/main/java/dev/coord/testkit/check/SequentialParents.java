package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SequentialParents is what the entries of one search say about the parents of sequential nodes: which
 * of their children any entry names, and so which children the tree model may keep <em>anonymous</em>.
 *
 * <p>A sequential create whose name no entry mentions (typically one whose outcome is unknown, so
 * nobody learned the name) makes a node that no operation can tell by name: only its parent's cversion,
 * whether the parent has children, and its owner's session end notice it. The model keeps such a node
 * as a count per parent and owner, so that states differing only in the names such creates took (which
 * depend on where among the other creates they were placed) are one state for the search's memo. This
 * is exact: a parent <em>allows anonymous children</em> only if no entry lists its children, and a child
 * is anonymous only if no entry names it (the model decides when the create is applied); a sequential
 * create that reveals its zxid (in a multi) makes a named node.
 *
 * <p>A parent is in addition <em>commuting</em> if it is persistent in the initial tree with no
 * children, no entry deletes it, and every child any entry names is the result of a successful
 * sequential create among the entries. Then a create of an anonymous child commutes with every
 * operation but the sequential creates that reveal their names (which read the cversion) and whatever
 * reads the session it belongs to: in any linearization the names such a create may take are never a
 * name an entry mentions (each of those is taken by its own create, at the cversion it names, and the
 * cversion of such a parent only grows). {@link TreeFootprints} relies on this.
 */
final class SequentialParents {
    private final Set<String> parents = new HashSet<>();
    private final Set<String> anonymous = new HashSet<>();
    private final Set<String> commuting = new HashSet<>();
    /** Per sequential parent, the paths of its children that some entry names (in its command or result). */
    private final Map<String, Set<String>> named = new HashMap<>();

    SequentialParents(Domain domain, List<Entry> entries) {
        Set<String> listed = new HashSet<>();
        Set<String> deleted = new HashSet<>();
        Map<String, Set<String>> nameCreated = new HashMap<>();
        for (Entry e : entries) {
            List<Command> ops = HistoryFacts.ops(e.command());
            for (int i = 0; i < ops.size(); i++) {
                Command op = ops.get(i);
                if (op instanceof Command.Create c && c.sequential()) {
                    parents.add(TreeDraft.sequentialParent(c.path()));
                    String created = HistoryFacts.createdPath(e, i);
                    if (created != null) {
                        nameCreated.computeIfAbsent(ZnodePath.parent(created), p -> new HashSet<>()).add(created);
                    }
                } else if (op instanceof Command.GetChildren g) {
                    listed.add(g.path());
                }
                if (op instanceof Command.Delete d) {
                    deleted.add(d.path());
                }
            }
        }
        Map<String, Set<String>> nameMentioned = new HashMap<>();
        for (Entry e : entries) {
            for (Command op : HistoryFacts.ops(e.command())) {
                String path = ZnodePath.of(op);
                if (path != null && !(op instanceof Command.Create c && c.sequential()) && ZnodePath.parent(path) != null) {
                    nameMentioned.computeIfAbsent(ZnodePath.parent(path), p -> new HashSet<>()).add(path);
                }
            }
        }
        for (String parent : parents) {
            Set<String> names = new HashSet<>(nameCreated.getOrDefault(parent, Set.of()));
            names.addAll(nameMentioned.getOrDefault(parent, Set.of()));
            named.put(parent, names);
            if (listed.contains(parent) || !domain.tracks(parent) || !domain.tracksChildrenOf(parent)) {
                continue;
            }
            anonymous.add(parent);
            if (domain.initiallyPersistent(parent) && domain.initiallyChildless(parent) && !deleted.contains(parent)
                    && nameCreated.getOrDefault(parent, Set.of()).containsAll(nameMentioned.getOrDefault(parent, Set.of()))) {
                commuting.add(parent);
            }
        }
    }

    /** True if some entry creates a sequential child of {@code path}. */
    boolean contains(String path) {
        return parents.contains(path);
    }

    /** True if a node at {@code child}, just created by a sequential create under {@code parent}, may be kept anonymous. */
    boolean anonymous(String parent, String child) {
        return anonymous.contains(parent) && !named.get(parent).contains(child);
    }

    /** True if {@code parent} is commuting (see the type's comment). */
    boolean commuting(String parent) {
        return commuting.contains(parent);
    }
}
