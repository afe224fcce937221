package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * TreeFootprints says what an entry may do to a {@link TreeState}, for {@link TreeModel#footprint}. The
 * resources:
 * <ul>
 * <li>{@code node(p)}: the node at tracked path {@code p} itself (existence, data, version, stamps,
 *     owner) and its tombstone. Changed by a create, delete or setData of {@code p}; a successful read
 *     updates it (it records the zxids it saw, which commutes with other reads); a read that failed,
 *     a check, and a create of a child (the parent must exist) read it.</li>
 * <li>{@code children(p)}: the child list and cversion of tracked {@code p}. A create or delete of a
 *     child updates it (increments commute); a getChildren of {@code p} and the delete of {@code p}
 *     read it; a sequential create under {@code p} changes it (its name is the cversion).</li>
 * <li>{@code unnamed(p)}: a child of a sequential parent {@code p} that a sequential create may make.
 *     Changed by the sequential creates under {@code p}, read by every operation on a child of
 *     {@code p}.</li>
 * <li>{@code session(s)}: whether session {@code s} is closed; changed by its CloseSession, read by
 *     its ephemeral creates.</li>
 * <li>{@code zxid}: the largest zxid seen; updated by every result that reveals a zxid (a maximum),
 *     changed by a successful setData or multi (its zxid must exceed it).</li>
 * </ul>
 * A CloseSession deletes the nodes its session owns at the time it is applied, so its footprint
 * depends on the state: the nodes the session owns now, and whatever its ephemeral creates that may
 * still be applied (those returning no earlier than {@code nowNs}) may create. A failure that the
 * model does not judge touches nothing.
 *
 * <p>Resources are numbered on first use. Not thread-safe; one per model.
 */
final class TreeFootprints {
    private record CloseCache(long nowNs, Footprint footprint) {
    }

    private final Domain domain;
    private final SequentialParents sequentialParents;
    /** Per session, its entries with an ephemeral create that did not fail. */
    private final Map<Long, List<Entry>> ephemeralCreates = new HashMap<>();
    private final Map<Entry, Footprint> byEntry = new IdentityHashMap<>();
    private final Map<String, Footprint> byDeletedPath = new HashMap<>();
    private final Map<Long, CloseCache> closes = new HashMap<>();
    private static final int ZXID = 0;
    private final Map<String, Integer> nodeIds = new HashMap<>();
    private final Map<String, Integer> childrenIds = new HashMap<>();
    private final Map<String, Integer> unnamedIds = new HashMap<>();
    private final Map<Long, Integer> sessionIds = new HashMap<>();

    TreeFootprints(Domain domain, List<Entry> entries, SequentialParents sequentialParents) {
        this.domain = domain;
        this.sequentialParents = sequentialParents;
        for (Entry e : entries) {
            for (Command op : HistoryFacts.ops(e.command())) {
                if (op instanceof Command.Create c && c.ephemeral() && !(e.result() instanceof Result.Failed)) {
                    List<Entry> creates = ephemeralCreates.computeIfAbsent(e.session(), s -> new ArrayList<>());
                    if (creates.isEmpty() || creates.get(creates.size() - 1) != e) {
                        creates.add(e);
                    }
                }
            }
        }
    }

    /** What {@code e} may read or change in {@code state} or later, when everything returning before {@code nowNs} is applied. */
    Footprint of(TreeState state, Entry e, long nowNs) {
        if (e.command() instanceof Command.CloseSession && !(e.result() instanceof Result.Failed)) {
            return ofClose(state, e.session(), nowNs);
        }
        return byEntry.computeIfAbsent(e, this::ofEntry);
    }

    private Footprint ofClose(TreeState state, long session, long nowNs) {
        Footprint f = closeWithoutNodes(session, nowNs);
        for (int i = 0; i < state.nodes.length; i++) {
            if (state.nodes[i].ephemeralOwner() == session && state.nodes[i].ephemeral()) {
                f = f.union(byDeletedPath.computeIfAbsent(state.paths[i], this::ofDelete));
            }
        }
        TreeState.Anonymous anonymous = state.anonymous;
        for (int i = 0; i < anonymous.parents().length; i++) {
            if (anonymous.owners()[i] == session) {
                f = f.union(new Footprint.Builder().updates(children(anonymous.parents()[i])).build());
            }
        }
        return f;
    }

    /** What the close of {@code session} does apart from deleting the nodes it owns now (cached for the last {@code nowNs}). */
    private Footprint closeWithoutNodes(long session, long nowNs) {
        CloseCache cached = closes.get(session);
        if (cached != null && cached.nowNs == nowNs) {
            return cached.footprint;
        }
        Footprint.Builder f = new Footprint.Builder().changes(sessionId(session));
        for (Entry create : ephemeralCreates.getOrDefault(session, List.of())) {
            if (create.completeNs() >= nowNs) {
                f.add(byEntry.computeIfAbsent(create, this::ofEntry));
            }
        }
        Footprint built = f.build();
        closes.put(session, new CloseCache(nowNs, built));
        return built;
    }

    private Footprint ofDelete(String path) {
        Footprint.Builder f = new Footprint.Builder();
        createdOrDeleted(path, f);
        return f.build();
    }

    private Footprint ofEntry(Entry e) {
        if (e.result() instanceof Result.Failed f && !Outcome.MODELLED.contains(f.code())) {
            return Footprint.NONE;
        }
        Footprint.Builder f = new Footprint.Builder();
        boolean ok = e.result() instanceof Result.Ok;
        List<Command> ops = HistoryFacts.ops(e.command());
        for (int i = 0; i < ops.size(); i++) {
            Command op = ops.get(i);
            if (op instanceof Command.Create c && c.sequential()) {
                String parent = TreeDraft.sequentialParent(c.path());
                String created = HistoryFacts.createdPath(e, i);
                f.reads(node(parent));
                if (created == null && e.result() instanceof Result.Unknown && sequentialParents.commuting(parent)) {
                    f.updates(children(parent));
                } else {
                    f.changes(children(parent));
                    if (!sequentialParents.commuting(parent)) {
                        f.changes(unnamed(parent));
                    }
                }
                if (created != null) {
                    f.changes(node(created));
                }
            } else if (op instanceof Command.Create c) {
                createdOrDeleted(c.path(), f);
                String parent = ZnodePath.parent(c.path());
                if (parent != null && domain.tracks(parent)) {
                    f.reads(node(parent));
                }
            } else if (op instanceof Command.Delete d) {
                createdOrDeleted(d.path(), f);
                f.reads(children(d.path()));
            } else if (op instanceof Command.SetData s) {
                onChild(s.path(), f);
                f.changes(node(s.path()));
            } else if (op instanceof Command.GetChildren g) {
                f.reads(node(g.path())).reads(children(g.path()));
            } else if (ZnodePath.of(op) != null) {
                onChild(ZnodePath.of(op), f);
                f.reads(node(ZnodePath.of(op)));
                if (ok) {
                    f.updates(node(ZnodePath.of(op)));
                }
            }
            if (op instanceof Command.Create c && c.ephemeral()) {
                f.reads(sessionId(e.session()));
            }
        }
        if (ok && (e.command() instanceof Command.SetData || e.command() instanceof Command.Multi)) {
            f.changes(ZXID);
        } else if (ok && (e.command() instanceof Command.GetData || e.command() instanceof Command.Exists)) {
            f.updates(ZXID);
        }
        return f.build();
    }

    /** Adds what a create or delete of {@code path} does: to the node, and to its parent's child list. */
    private void createdOrDeleted(String path, Footprint.Builder f) {
        f.changes(node(path));
        onChild(path, f);
        String parent = ZnodePath.parent(path);
        if (parent != null && domain.tracks(parent)) {
            f.updates(children(parent));
        }
    }

    /**
     * Adds what any operation on {@code path} does to its parent: reads its unnamed children, if a
     * sequential create may make one that is not anonymous or not commuting.
     */
    private void onChild(String path, Footprint.Builder f) {
        String parent = ZnodePath.parent(path);
        if (parent != null && sequentialParents.contains(parent) && !sequentialParents.commuting(parent)) {
            f.reads(unnamed(parent));
        }
    }

    private int node(String path) {
        return nodeIds.computeIfAbsent(path, p -> nextId());
    }

    private int children(String path) {
        return childrenIds.computeIfAbsent(path, p -> nextId());
    }

    private int unnamed(String path) {
        return unnamedIds.computeIfAbsent(path, p -> nextId());
    }

    private int sessionId(long session) {
        return sessionIds.computeIfAbsent(session, s -> nextId());
    }

    private int nextId() {
        return ZXID + 1 + nodeIds.size() + childrenIds.size() + unnamedIds.size() + sessionIds.size();
    }
}
