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

/**
 * EntryPaths says which paths the entries of one partition touch, which the {@link Shrinker} uses to
 * choose what to try dropping together. Heuristics only: whatever it says, the shrinker keeps a window
 * only after the search has confirmed it.
 */
final class EntryPaths {
    /** Per session, the paths its creates of ephemeral nodes (not failed) name. */
    private final Map<Long, Set<String>> ephemeralPaths = new HashMap<>();

    EntryPaths(List<Entry> entries) {
        for (Entry e : entries) {
            List<Command> ops = HistoryFacts.ops(e.command());
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i) instanceof Command.Create c && c.ephemeral() && !(e.result() instanceof Result.Failed)) {
                    ephemeralPaths.computeIfAbsent(e.session(), s -> new HashSet<>()).addAll(createPaths(e, i, c));
                }
            }
        }
    }

    /**
     * The paths {@code e} names: for a sequential create its parent and the path it created if known, for
     * a CloseSession the paths its session's ephemeral creates name.
     */
    List<String> of(Entry e) {
        if (e.command() instanceof Command.CloseSession) {
            return List.copyOf(ephemeralPaths.getOrDefault(e.session(), Set.of()));
        }
        List<String> paths = new ArrayList<>();
        List<Command> ops = HistoryFacts.ops(e.command());
        for (int i = 0; i < ops.size(); i++) {
            Command op = ops.get(i);
            if (op instanceof Command.Create c) {
                paths.addAll(createPaths(e, i, c));
            } else if (ZnodePath.of(op) != null) {
                paths.add(ZnodePath.of(op));
            }
        }
        return paths;
    }

    /** True if {@code e} names one of {@code paths}. */
    boolean touches(Entry e, Set<String> paths) {
        return of(e).stream().anyMatch(paths::contains);
    }

    /** True if every path {@code e} names (at least one) is {@code root} or below it. */
    boolean within(Entry e, String root) {
        List<String> paths = of(e);
        return !paths.isEmpty() && paths.stream().allMatch(p -> p.equals(root) || p.startsWith(root.equals(ZnodePath.ROOT) ? root : root + "/"));
    }

    /** The paths {@code entries} name, and their parents. */
    Set<String> neighbourhood(List<Entry> entries) {
        Set<String> paths = new HashSet<>();
        for (Entry e : entries) {
            for (String path : of(e)) {
                paths.add(path);
                if (ZnodePath.parent(path) != null) {
                    paths.add(ZnodePath.parent(path));
                }
            }
        }
        return paths;
    }

    /**
     * True if {@code e} is a write that may have taken effect and changed a path {@code entries} name, or
     * created or deleted the parent of one.
     */
    boolean shapes(Entry e, List<Entry> entries) {
        if (!e.command().isWrite() || e.result() instanceof Result.Failed) {
            return false;
        }
        Set<String> named = new HashSet<>();
        Set<String> parents = new HashSet<>();
        for (Entry u : entries) {
            for (String path : of(u)) {
                named.add(path);
                if (ZnodePath.parent(path) != null) {
                    parents.add(ZnodePath.parent(path));
                }
            }
        }
        if (touches(e, named)) {
            return true;
        }
        if (e.command() instanceof Command.CloseSession) {
            return touches(e, parents);
        }
        return HistoryFacts.ops(e.command()).stream()
                .anyMatch(op -> (op instanceof Command.Create || op instanceof Command.Delete) && parents.contains(ZnodePath.of(op)));
    }

    private static List<String> createPaths(Entry e, int index, Command.Create c) {
        if (!c.sequential()) {
            return List.of(c.path());
        }
        String created = HistoryFacts.createdPath(e, index);
        String parent = TreeDraft.sequentialParent(c.path());
        return created == null ? List.of(parent) : List.of(parent, created);
    }
}
