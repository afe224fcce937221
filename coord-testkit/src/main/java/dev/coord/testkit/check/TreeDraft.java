package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * TreeDraft is a working copy of a {@link TreeState} that applies ZooKeeper's rules one operation at a
 * time: what {@link TreeModel} uses for one step, discarded if the step is rejected or fails (so a
 * multi is all or nothing). It replaces the base state's arrays on a change and never writes into
 * them; once it has its own copy of the node arrays it changes that in place.
 *
 * <p>Error precedence follows ZooKeeper: create checks the parent (NONODE), then the node
 * (NODEEXISTS), then the parent's ephemerality (NOCHILDRENFOREPHEMERALS); delete checks existence
 * (NONODE), then the version (BADVERSION), then children (NOTEMPTY).
 */
final class TreeDraft {
    private final TreeState base;
    private final Domain domain;
    private final LongPredicate closingObserved;
    private final SequentialParents sequentialParents;
    private String[] paths;
    private ZNode[] nodes;
    private int nodesHash;
    /** True once {@link #nodes} is this draft's own array, which it may then change in place. */
    private boolean ownNodes;
    private String[] tombstonePaths;
    private long[] tombstoneZxids;
    private long[] closedSessions;
    private TreeState.Anonymous anonymous;
    private long maxZxid;
    private boolean changed;

    /**
     * A draft of {@code base}; {@code closingObserved} tells the sessions whose closing some ephemeral
     * create may find (only those are recorded as closed), {@code sequentialParents} which sequential
     * children to keep anonymous.
     */
    TreeDraft(TreeState base, Domain domain, LongPredicate closingObserved, SequentialParents sequentialParents) {
        this.base = base;
        this.domain = domain;
        this.closingObserved = closingObserved;
        this.sequentialParents = sequentialParents;
        this.anonymous = base.anonymous;
        this.paths = base.paths;
        this.nodes = base.nodes;
        this.nodesHash = base.nodesHash;
        this.tombstonePaths = base.tombstonePaths;
        this.tombstoneZxids = base.tombstoneZxids;
        this.closedSessions = base.closedSessions;
        this.maxZxid = base.maxZxid;
    }

    /** The draft as an immutable state: the base itself if nothing changed. */
    TreeState toState() {
        if (!changed && maxZxid == base.maxZxid) {
            return base;
        }
        return new TreeState(paths, nodes, nodesHash, tombstonePaths, tombstoneZxids, maxZxid, closedSessions, anonymous);
    }

    long maxZxid() {
        return maxZxid;
    }

    /** The node at {@code path}, or null if it does not exist. */
    ZNode node(String path) {
        if (!domain.tracks(path)) {
            return domain.constant(path);
        }
        int i = Arrays.binarySearch(paths, path);
        return i >= 0 ? nodes[i] : null;
    }

    /** The names of the children of {@code path}, sorted. */
    List<String> childNames(String path) {
        List<String> names = new ArrayList<>();
        String prefix = childPrefix(path);
        if (anonymous.hasChildOf(path)) {
            throw new IllegalStateException("the children of " + path + " are listed, so none may be anonymous");
        }
        for (int i = firstWithPrefix(prefix); i < paths.length && paths[i].startsWith(prefix); i++) {
            if (paths[i].indexOf('/', prefix.length()) < 0) {
                names.add(paths[i].substring(prefix.length()));
            }
        }
        return names;
    }

    /** True if {@code path} has a child. */
    private boolean hasChild(String path) {
        String prefix = childPrefix(path);
        if (anonymous.hasChildOf(path)) {
            return true;
        }
        for (int i = firstWithPrefix(prefix); i < paths.length && paths[i].startsWith(prefix); i++) {
            if (paths[i].indexOf('/', prefix.length()) < 0) {
                return true;
            }
        }
        return false;
    }

    private String childPrefix(String path) {
        if (!domain.tracksChildrenOf(path)) {
            throw new IllegalStateException("the partition does not track the children of " + path);
        }
        return path.equals(ZnodePath.ROOT) ? ZnodePath.ROOT : path + "/";
    }

    /** The index of the first path at or after {@code prefix} in sort order (the first one it may begin). */
    private int firstWithPrefix(String prefix) {
        int i = Arrays.binarySearch(paths, prefix);
        return i >= 0 ? i + 1 : -i - 1;
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
        if (c.ephemeral() && Arrays.binarySearch(closedSessions, session) >= 0) {
            return Outcome.failed(Outcome.SESSION_CLOSED);
        }
        long owner = c.ephemeral() ? session : InitialTree.PERSISTENT;
        if (c.sequential() && zxid == null && sequentialParents.anonymous(parentPath, path)) {
            addAnonymous(parentPath, owner);
        } else {
            int t = Arrays.binarySearch(tombstonePaths, path);
            put(path, ZNode.created(c.data(), owner, stamp(zxid, t >= 0 ? tombstoneZxids[t] : Stamp.UNKNOWN)));
        }
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
        if (hasChild(d.path())) {
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

    /** Deletes every ephemeral node {@code session} owns, and marks the session closed if that may be observed. */
    void closeSession(long session) {
        List<String> owned = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i].ephemeral() && nodes[i].ephemeralOwner() == session) {
                owned.add(paths[i]);
            }
        }
        owned.forEach(this::remove);
        removeAnonymous(session);
        int i = Arrays.binarySearch(closedSessions, session);
        if (i < 0 && closingObserved.test(session)) {
            int at = -i - 1;
            long[] closed = new long[closedSessions.length + 1];
            System.arraycopy(closedSessions, 0, closed, 0, at);
            closed[at] = session;
            System.arraycopy(closedSessions, at, closed, at + 1, closedSessions.length - at);
            closedSessions = closed;
            changed = true;
        }
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
        int i = Arrays.binarySearch(paths, path);
        ZNode node = nodes[i];
        nodesHash -= TreeState.entryHash(path, node);
        String[] p = new String[paths.length - 1];
        ZNode[] n = new ZNode[nodes.length - 1];
        System.arraycopy(paths, 0, p, 0, i);
        System.arraycopy(paths, i + 1, p, i, paths.length - i - 1);
        System.arraycopy(nodes, 0, n, 0, i);
        System.arraycopy(nodes, i + 1, n, i, nodes.length - i - 1);
        paths = p;
        nodes = n;
        ownNodes = true;
        changed = true;
        long known = node.latestKnown();
        if (known != Stamp.UNKNOWN) {
            mergeTombstone(path, known);
        }
        String parentPath = ZnodePath.parent(path);
        childChanged(parentPath, node(parentPath));
    }

    private void addAnonymous(String parent, long owner) {
        changed = true;
        int i = anonymous.indexOf(parent, owner);
        if (i >= 0) {
            int[] counts = anonymous.counts().clone();
            counts[i]++;
            anonymous = new TreeState.Anonymous(anonymous.parents(), anonymous.owners(), counts);
            return;
        }
        int at = -i - 1;
        int n = anonymous.parents().length;
        String[] p = new String[n + 1];
        long[] o = new long[n + 1];
        int[] c = new int[n + 1];
        System.arraycopy(anonymous.parents(), 0, p, 0, at);
        System.arraycopy(anonymous.owners(), 0, o, 0, at);
        System.arraycopy(anonymous.counts(), 0, c, 0, at);
        p[at] = parent;
        o[at] = owner;
        c[at] = 1;
        System.arraycopy(anonymous.parents(), at, p, at + 1, n - at);
        System.arraycopy(anonymous.owners(), at, o, at + 1, n - at);
        System.arraycopy(anonymous.counts(), at, c, at + 1, n - at);
        anonymous = new TreeState.Anonymous(p, o, c);
    }

    /** Deletes the anonymous children {@code owner} owns, each changing its parent's cversion. */
    private void removeAnonymous(long owner) {
        int n = anonymous.parents().length;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (anonymous.owners()[i] != owner) {
                kept++;
            }
        }
        if (kept == n) {
            return;
        }
        changed = true;
        TreeState.Anonymous before = anonymous;
        String[] p = new String[kept];
        long[] o = new long[kept];
        int[] c = new int[kept];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (before.owners()[i] != owner) {
                p[j] = before.parents()[i];
                o[j] = before.owners()[i];
                c[j++] = before.counts()[i];
            }
        }
        anonymous = new TreeState.Anonymous(p, o, c);
        for (int i = 0; i < n; i++) {
            if (before.owners()[i] == owner) {
                for (int k = 0; k < before.counts()[i]; k++) {
                    childChanged(before.parents()[i], node(before.parents()[i]));
                }
            }
        }
    }

    private void mergeTombstone(String path, long known) {
        int t = Arrays.binarySearch(tombstonePaths, path);
        if (t >= 0) {
            if (known > tombstoneZxids[t]) {
                tombstoneZxids = tombstoneZxids.clone();
                tombstoneZxids[t] = known;
            }
            return;
        }
        int at = -t - 1;
        String[] p = new String[tombstonePaths.length + 1];
        long[] z = new long[tombstoneZxids.length + 1];
        System.arraycopy(tombstonePaths, 0, p, 0, at);
        System.arraycopy(tombstoneZxids, 0, z, 0, at);
        p[at] = path;
        z[at] = known;
        System.arraycopy(tombstonePaths, at, p, at + 1, tombstonePaths.length - at);
        System.arraycopy(tombstoneZxids, at, z, at + 1, tombstoneZxids.length - at);
        tombstonePaths = p;
        tombstoneZxids = z;
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
        changed = true;
        int i = Arrays.binarySearch(paths, path);
        if (i >= 0) {
            nodesHash += TreeState.entryHash(path, node) - TreeState.entryHash(path, nodes[i]);
            if (!ownNodes) {
                nodes = nodes.clone();
                ownNodes = true;
            }
            nodes[i] = node;
            return;
        }
        int at = -i - 1;
        String[] p = new String[paths.length + 1];
        ZNode[] n = new ZNode[nodes.length + 1];
        System.arraycopy(paths, 0, p, 0, at);
        System.arraycopy(nodes, 0, n, 0, at);
        p[at] = path;
        n[at] = node;
        System.arraycopy(paths, at, p, at + 1, paths.length - at);
        System.arraycopy(nodes, at, n, at + 1, nodes.length - at);
        paths = p;
        nodes = n;
        ownNodes = true;
        nodesHash += TreeState.entryHash(path, node);
    }
}
