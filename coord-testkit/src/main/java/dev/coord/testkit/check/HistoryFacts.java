package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * HistoryFacts is what a whole history says about its paths, as the {@link Partitioner} needs it:
 * whose child lists are observed, whose existence may change, and which ephemeral nodes each session
 * may own.
 */
final class HistoryFacts {
    private final Set<String> childListObserved = new HashSet<>();
    private final Set<String> sequentialParents = new HashSet<>();
    private final Set<String> createdOrDeleted = new HashSet<>();
    private final Map<Long, Set<String>> ephemeralKeys = new HashMap<>();

    HistoryFacts(List<Entry> entries, InitialTree initial) {
        for (Entry e : entries) {
            List<Command> ops = ops(e.command());
            for (int i = 0; i < ops.size(); i++) {
                note(e, ops.get(i), createdPath(e, i));
            }
        }
        for (Entry e : entries) {
            if (e.command() instanceof Command.CloseSession) {
                for (String owned : initial.ephemeralsOf(e.session())) {
                    createdOrDeleted.add(owned);
                    ephemeralKeys.computeIfAbsent(e.session(), s -> new TreeSet<>()).add(owned);
                }
            }
        }
    }

    /** The operations of {@code command}: those of a multi, else the command itself. */
    static List<Command> ops(Command command) {
        return command instanceof Command.Multi m ? m.ops() : List.of(command);
    }

    /**
     * True if some operation reads or depends on the child list of {@code path}: getChildren, a
     * sequential create under it (its name is the cversion), or a delete of it (NOTEMPTY).
     */
    boolean childListObserved(String path) {
        return childListObserved.contains(path);
    }

    /** True if {@code path} has a sequential create under it. */
    boolean sequentialParent(String path) {
        return sequentialParents.contains(path);
    }

    /**
     * True if some operation may create or delete {@code path}, so its existence and ephemeral owner are
     * not constant (any child of a sequential parent counts, since an unknown sequential create may
     * have made it).
     */
    boolean existenceVaries(String path) {
        String parent = ZnodePath.parent(path);
        return createdOrDeleted.contains(path) || (parent != null && sequentialParents.contains(parent));
    }

    /**
     * The paths whose nodes {@code session} may own: those of its ephemeral creates (for a sequential
     * one the parent, and the created path when known) and its ephemerals in the initial tree.
     */
    Set<String> ephemeralKeys(long session) {
        return ephemeralKeys.getOrDefault(session, Set.of());
    }

    private void note(Entry e, Command op, String created) {
        if (op instanceof Command.GetChildren g) {
            childListObserved.add(g.path());
        } else if (op instanceof Command.Delete d) {
            childListObserved.add(d.path());
            createdOrDeleted.add(d.path());
        } else if (op instanceof Command.Create c) {
            noteCreate(e, c, created);
        }
    }

    private void noteCreate(Entry e, Command.Create c, String created) {
        List<String> keys = new ArrayList<>(2);
        if (c.sequential()) {
            String parent = TreeDraft.sequentialParent(c.path());
            sequentialParents.add(parent);
            childListObserved.add(parent);
            keys.add(parent);
            if (created != null) {
                keys.add(created);
                createdOrDeleted.add(created);
            }
        } else {
            keys.add(c.path());
            createdOrDeleted.add(c.path());
        }
        if (c.ephemeral()) {
            if (e.session() == InitialTree.PERSISTENT) {
                throw new IllegalArgumentException("entry " + e.id() + " creates ephemeral " + c.path()
                        + " in session " + InitialTree.PERSISTENT + ", which cannot own ephemeral nodes");
            }
            ephemeralKeys.computeIfAbsent(e.session(), s -> new TreeSet<>()).addAll(keys);
        }
    }

    /** The path op {@code index} of entry {@code e} created, if it is a create and its result names it. */
    static String createdPath(Entry e, int index) {
        if (!(e.result() instanceof Result.Ok ok)) {
            return null;
        }
        Object value = ok.value();
        if (e.command() instanceof Command.Multi) {
            value = value instanceof List<?> subs && index < subs.size() && subs.get(index) instanceof Result.Ok sub ? sub.value() : null;
        }
        return value instanceof String path ? path : null;
    }
}
