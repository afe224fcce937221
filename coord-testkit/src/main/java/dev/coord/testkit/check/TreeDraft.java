package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TreeDraft is a working copy of a {@link TreeState} that applies ZooKeeper's rules one operation at a
 * time: what {@link TreeModel} uses for one step, discarded if the step is rejected or fails (so a
 * multi is all or nothing). Copies the base state's maps on the first change only.
 *
 * <p>Error precedence follows ZooKeeper: create checks the parent (NONODE), then the node
 * (NODEEXISTS), then the parent's ephemerality (NOCHILDRENFOREPHEMERALS); delete checks existence
 * (NONODE), then the version (BADVERSION), then children (NOTEMPTY).
 */
final class TreeDraft {
    private final Domain domain;
    private Map<String, ZNode> nodes;
    private Map<String, Long> tombstones;
    private Set<Long> closedSessions;
    private boolean copied;
    private long maxZxid;

    TreeDraft(TreeState base, Domain domain) {
        this.domain = domain;
        this.nodes = base.nodes();
        this.tombstones = base.tombstones();
        this.closedSessions = base.closedSessions();
        this.maxZxid = base.maxZxid();
    }

    /** The draft as an immutable state. */
    TreeState toState() {
        return new TreeState(nodes, tombstones, maxZxid, closedSessions);
    }

    long maxZxid() {
        return maxZxid;
    }

    /** The node at {@code path}, or null if it does not exist. */
    ZNode node(String path) {
        return domain.tracks(path) ? nodes.get(path) : domain.constant(path);
    }

    /** The names of the children of {@code path}, sorted. */
    List<String> childNames(String path) {
        if (!domain.tracksChildrenOf(path)) {
            throw new IllegalStateException("the partition does not track the children of " + path);
        }
        List<String> names = new ArrayList<>();
        for (String p : nodes.keySet()) {
            if (path.equals(ZnodePath.parent(p))) {
                names.add(ZnodePath.name(p));
            }
        }
        names.sort(null);
        return names;
    }

    /** A create; {@code zxid} is the write's zxid if a result revealed it, else null. */
    Outcome create(Command.Create c, long session, Long zxid) {
        String parentPath = c.sequential() ? sequentialParent(c.path()) : ZnodePath.parent(c.path());
        if (parentPath == null) {
            return Outcome.failed(Outcome.NODEEXISTS);
        }
        ZNode parent = node(parentPath);
        if (parent == null) {
            return Outcome.failed(Outcome.NONODE);
        }
        String path = c.sequential() ? ZnodePath.sequential(c.path(), parent.cversion()) : c.path();
        if (node(path) != null) {
            return Outcome.failed(Outcome.NODEEXISTS);
        }
        if (parent.ephemeral()) {
            return Outcome.failed(Outcome.NOCHILDRENFOREPHEMERALS);
        }
        if (c.ephemeral() && closedSessions.contains(session)) {
            return Outcome.failed(Outcome.SESSION_CLOSED);
        }
        Stamp stamp = stamp(zxid, tombstones.getOrDefault(path, Stamp.UNKNOWN));
        put(path, ZNode.created(c.data(), c.ephemeral() ? session : InitialTree.PERSISTENT, stamp));
        childChanged(parentPath, parent);
        return Outcome.ok(path);
    }

    Outcome delete(Command.Delete d) {
        ZNode node = node(d.path());
        if (node == null) {
            return Outcome.failed(Outcome.NONODE);
        }
        if (d.version() != -1 && d.version() != node.version()) {
            return Outcome.failed(Outcome.BADVERSION);
        }
        if (d.path().equals(ZnodePath.ROOT)) {
            return Outcome.failed(Outcome.BADARGUMENTS);
        }
        if (!childNames(d.path()).isEmpty()) {
            return Outcome.failed(Outcome.NOTEMPTY);
        }
        remove(d.path());
        return Outcome.ok(null);
    }

    /** A setData; {@code zxid} as for create. On success the value is the node as the setData left it. */
    Outcome setData(Command.SetData s, Long zxid) {
        ZNode node = node(s.path());
        if (node == null) {
            return Outcome.failed(Outcome.NONODE);
        }
        if (s.version() != -1 && s.version() != node.version()) {
            return Outcome.failed(Outcome.BADVERSION);
        }
        ZNode updated = node.withData(s.data(), stamp(zxid, node.latestKnown()));
        put(s.path(), updated);
        return Outcome.ok(updated);
    }

    Outcome check(Command.Check c) {
        ZNode node = node(c.path());
        if (node == null) {
            return Outcome.failed(Outcome.NONODE);
        }
        return c.version() != -1 && c.version() != node.version() ? Outcome.failed(Outcome.BADVERSION) : Outcome.ok(null);
    }

    /** Deletes every ephemeral node {@code session} owns, and marks the session closed. */
    void closeSession(long session) {
        List<String> owned = new ArrayList<>();
        nodes.forEach((path, node) -> {
            if (node.ephemeral() && node.ephemeralOwner() == session) {
                owned.add(path);
            }
        });
        owned.forEach(this::remove);
        copyOnWrite();
        closedSessions.add(session);
    }

    /**
     * Records that a result saw {@code path} with {@code czxid} and {@code mzxid}; false (and the draft
     * is then spoiled) if that contradicts what is known of the node, or it does not exist.
     */
    boolean observe(String path, long czxid, long mzxid) {
        ZNode node = node(path);
        ZNode observed = node == null ? null : node.observe(czxid, mzxid);
        if (observed == null) {
            return false;
        }
        if (!observed.equals(node)) {
            put(path, observed);
        }
        maxZxid = Math.max(maxZxid, mzxid);
        return true;
    }

    /** The parent of the nodes a sequential create with {@code prefix} names ({@code /} for {@code /p}). */
    static String sequentialParent(String prefix) {
        int slash = prefix.lastIndexOf('/');
        return slash <= 0 ? ZnodePath.ROOT : prefix.substring(0, slash);
    }

    private static Stamp stamp(Long zxid, long floor) {
        return zxid == null ? Stamp.above(floor) : new Stamp(zxid, floor);
    }

    private void remove(String path) {
        copyOnWrite();
        long known = nodes.remove(path).latestKnown();
        if (known != Stamp.UNKNOWN) {
            tombstones.merge(path, known, Math::max);
        }
        String parentPath = ZnodePath.parent(path);
        childChanged(parentPath, node(parentPath));
    }

    private void childChanged(String parentPath, ZNode parent) {
        if (parent != null && domain.tracks(parentPath)) {
            put(parentPath, parent.withChildChanged());
        }
    }

    private void put(String path, ZNode node) {
        if (!domain.tracks(path)) {
            throw new IllegalStateException("the partition does not track " + path);
        }
        copyOnWrite();
        nodes.put(path, node);
    }

    private void copyOnWrite() {
        if (!copied) {
            nodes = new HashMap<>(nodes);
            tombstones = new HashMap<>(tombstones);
            closedSessions = new HashSet<>(closedSessions);
            copied = true;
        }
    }
}
