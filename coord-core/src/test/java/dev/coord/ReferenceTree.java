package dev.coord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * ReferenceTree is a deliberately plain model of the znode tree as Coord implements it (ZooKeeper 3.9's
 * semantics): the oracle of {@link TreeModelProperties}. It has no threads and no clock: every write
 * takes the time the real system chose, and the model checks everything else.
 *
 * <p>Rules it encodes, each as literally as possible:
 * <ul>
 *   <li>Every successful write (create, delete, setData, a whole multi, opening or closing a session) is
 *       one transaction with zxid {@code lastZxid + 1}; a failed write changes nothing and uses no zxid.
 *   <li>Errors are checked in the order bad arguments, NoNode, NodeExists or BadVersion, NotEmpty or
 *       NoChildrenForEphemerals; every exception's path is the path the caller passed.
 *   <li>Sequential names append {@code %010d} of the parent's cversion before the create.
 *   <li>A delete that leaves a CONTAINER parent without children deletes that parent in the same
 *       transaction, right after the child (so inside a multi, later ops see it gone), repeating upwards.
 *   <li>Watches (exists and getData share one table per path, getChildren has its own) are one-shot,
 *       keyed by session and watcher name, and fire with the zxid of the transaction that triggered them.
 *       A watch left by the same key in both tables of a deleted node fires once (ZooKeeper's rule).
 *   <li>Closing a session first drops its watches, then deletes its ephemerals (sorted by path) in one
 *       transaction, with the usual parent updates, watch events and container cascade.
 * </ul>
 */
final class ReferenceTree {
    static final int MAX_DATA_BYTES = 1024 * 1024;

    /** Node is one znode as the model stores it; immutable, replaced on every change. */
    record Node(byte[] data, CreateMode mode, long ephemeralOwner, long czxid, long mzxid, long pzxid,
                long ctime, long mtime, int version, int cversion) {
    }

    /** WatchKey names one watcher: the session that set it and the watcher's name in the harness. */
    record WatchKey(long sessionId, String watcher) {
    }

    /** ExpectedEvent is one watch event the model expects a session's watcher to receive. */
    record ExpectedEvent(String watcher, EventType type, String path, long zxid) {
    }

    private TreeMap<String, Node> nodes = new TreeMap<>();
    private Map<String, Set<WatchKey>> dataWatches = new HashMap<>();
    private Map<String, Set<WatchKey>> childWatches = new HashMap<>();
    private final Set<Long> liveSessions = new TreeSet<>();
    private final Map<Long, List<ExpectedEvent>> events = new HashMap<>();
    private long lastZxid;
    private long containersCascaded;

    /** A tree holding only the root, with the root's times as the real system reports them. */
    ReferenceTree(long lastZxid, long rootCtime, long rootMtime) {
        this.lastZxid = lastZxid;
        nodes.put("/", new Node(new byte[0], CreateMode.PERSISTENT, 0, 0, 0, 0, rootCtime, rootMtime, 0, 0));
    }

    // ---------------------------------------------------------------- sessions

    /** Adds a session that already exists (the Coordinator's default session); no transaction. */
    void adoptSession(long sessionId) {
        liveSessions.add(sessionId);
        events.putIfAbsent(sessionId, new ArrayList<>());
    }

    /** Opens a session: one transaction, whose zxid is the session's id. */
    long openSession() {
        long id = ++lastZxid;
        adoptSession(id);
        return id;
    }

    /** Closes a session: drops its watches, deletes its ephemerals; a no-op if it is already closed. */
    void closeSession(long sessionId) {
        if (!liveSessions.remove(sessionId)) {
            return;
        }
        Write w = new Write(sessionId, 0);
        w.dataWatches.values().forEach(keys -> keys.removeIf(k -> k.sessionId() == sessionId));
        w.childWatches.values().forEach(keys -> keys.removeIf(k -> k.sessionId() == sessionId));
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            if (e.getValue().mode().isEphemeral() && e.getValue().ephemeralOwner() == sessionId) {
                w.remove(e.getKey());
            }
        }
        w.commit();
    }

    Set<Long> liveSessions() {
        return Set.copyOf(liveSessions);
    }

    // ---------------------------------------------------------------- writes

    String create(long sessionId, String path, byte[] data, CreateMode mode, long ttlMs, long nowMs) {
        Write w = new Write(sessionId, nowMs);
        OpResult.Create result = w.create(path, data, mode, ttlMs);
        w.commit();
        return result.path();
    }

    void delete(long sessionId, String path, int version) {
        Write w = new Write(sessionId, 0);
        w.delete(path, version);
        w.commit();
    }

    Stat setData(long sessionId, String path, byte[] data, int version, long nowMs) {
        Write w = new Write(sessionId, nowMs);
        OpResult.SetData result = w.setData(path, data, version);
        w.commit();
        return result.stat();
    }

    List<OpResult> multi(long sessionId, List<Op> ops, long nowMs) {
        Write w = new Write(sessionId, nowMs);
        List<OpResult> results = w.multi(ops);
        if (!results.isEmpty()) {
            w.commit();
        }
        return results;
    }

    /** The index of the op a multi would fail at, or -1 if it would succeed; changes nothing. */
    int firstFailingOp(long sessionId, List<Op> ops) {
        try {
            new Write(sessionId, 0).multi(ops);
            return -1;
        } catch (CoordException e) {
            return e.failedOpIndex();
        }
    }

    // ---------------------------------------------------------------- reads (may leave a watch)

    Stat exists(long sessionId, String path, String watcher) {
        requireLive(sessionId);
        requireValidPath(path);
        if (watcher != null) {
            dataWatches.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(new WatchKey(sessionId, watcher));
        }
        return stat(path);
    }

    NodeData getData(long sessionId, String path, String watcher) {
        requireLive(sessionId);
        requireValidPath(path);
        Node node = requireNode(nodes, path);
        if (watcher != null) {
            dataWatches.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(new WatchKey(sessionId, watcher));
        }
        return new NodeData(node.data().clone(), stat(path));
    }

    List<String> getChildren(long sessionId, String path, String watcher) {
        requireLive(sessionId);
        requireValidPath(path);
        requireNode(nodes, path);
        if (watcher != null) {
            childWatches.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(new WatchKey(sessionId, watcher));
        }
        return childrenOf(nodes, path);
    }

    // ---------------------------------------------------------------- inspection, no side effects

    long lastZxid() {
        return lastZxid;
    }

    /** How many containers were deleted because they became empty (to show the runs reach that rule). */
    long containersCascaded() {
        return containersCascaded;
    }

    long nodeCount() {
        return nodes.size();
    }

    /** Every path in the tree, sorted. */
    List<String> paths() {
        return new ArrayList<>(nodes.keySet());
    }

    /** The node at {@code path}, or null. */
    Node node(String path) {
        return nodes.get(path);
    }

    /** The stat of {@code path}, or null if it does not exist. */
    Stat stat(String path) {
        Node n = nodes.get(path);
        if (n == null) {
            return null;
        }
        return new Stat(n.czxid(), n.mzxid(), n.pzxid(), n.ctime(), n.mtime(), n.version(), n.cversion(), 0,
                n.ephemeralOwner(), n.data().length, childrenOf(nodes, path).size());
    }

    List<String> children(String path) {
        return childrenOf(nodes, path);
    }

    /** Every watch event expected so far by the session, in the order the model produced them. */
    List<ExpectedEvent> expectedEvents(long sessionId) {
        return List.copyOf(events.getOrDefault(sessionId, List.of()));
    }

    // ---------------------------------------------------------------- rules

    /** The rule {@code path} breaks, or null if it is a valid path (ZooKeeper's PathUtils rules). */
    static String pathRuleBroken(String path) {
        if (path == null) {
            return "path is null";
        }
        if (path.isEmpty()) {
            return "path is empty";
        }
        if (path.charAt(0) != '/') {
            return "path does not start with '/'";
        }
        if (path.equals("/")) {
            return null;
        }
        if (path.endsWith("/")) {
            return "path ends with '/'";
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                return "empty segment";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "relative segment";
            }
        }
        for (char c : path.toCharArray()) {
            if (c <= '\u001f' || (c >= '\u007f' && c <= '\u009f') || (c >= '\ud800' && c <= '\uf8ff')
                    || c >= '\ufff0') {
                return "invalid character";
            }
        }
        return null;
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    private static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static List<String> childrenOf(TreeMap<String, Node> nodes, String path) {
        List<String> names = new ArrayList<>();
        for (String p : nodes.keySet()) {
            if (!p.equals("/") && parentOf(p).equals(path)) {
                names.add(nameOf(p));
            }
        }
        names.sort(String::compareTo);
        return names;
    }

    private static CoordException error(CoordException.Code code, String path, String rule) {
        return CoordException.create(code, path, "model: " + rule + ": " + path);
    }

    private static void requireValidPath(String path) {
        String rule = pathRuleBroken(path);
        if (rule != null) {
            throw error(CoordException.Code.BAD_ARGUMENTS, path, rule);
        }
    }

    private static Node requireNode(TreeMap<String, Node> nodes, String path) {
        Node n = nodes.get(path);
        if (n == null) {
            throw error(CoordException.Code.NO_NODE, path, "no node");
        }
        return n;
    }

    private void requireLive(long sessionId) {
        if (!liveSessions.contains(sessionId)) {
            throw error(CoordException.Code.CLOSED, null, "session " + sessionId + " is closed");
        }
    }

    private static Map<String, Set<WatchKey>> copyWatches(Map<String, Set<WatchKey>> watches) {
        Map<String, Set<WatchKey>> copy = new HashMap<>();
        watches.forEach((path, keys) -> copy.put(path, new LinkedHashSet<>(keys)));
        return copy;
    }

    /**
     * Write is one transaction in progress: it works on copies of the tree and the watch tables and
     * replaces the model's state only on {@link #commit()}, so a failure anywhere changes nothing.
     */
    private final class Write {
        final long sessionId;
        final long zxid = lastZxid + 1;
        final long nowMs;
        final TreeMap<String, Node> tree = new TreeMap<>(nodes);
        final Map<String, Set<WatchKey>> dataWatches = copyWatches(ReferenceTree.this.dataWatches);
        final Map<String, Set<WatchKey>> childWatches = copyWatches(ReferenceTree.this.childWatches);
        final List<WatchKey> firedTo = new ArrayList<>();
        final List<ExpectedEvent> fired = new ArrayList<>();
        long cascades;

        Write(long sessionId, long nowMs) {
            this.sessionId = sessionId;
            this.nowMs = nowMs;
        }

        void commit() {
            nodes = tree;
            ReferenceTree.this.dataWatches = dataWatches;
            ReferenceTree.this.childWatches = childWatches;
            for (int i = 0; i < fired.size(); i++) {
                events.get(firedTo.get(i).sessionId()).add(fired.get(i));
            }
            lastZxid = zxid;
            containersCascaded += cascades;
        }

        List<OpResult> multi(List<Op> ops) {
            requireLive(sessionId);
            if (ops == null) {
                throw error(CoordException.Code.BAD_ARGUMENTS, null, "ops list is null");
            }
            List<OpResult> results = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                try {
                    results.add(apply(ops.get(i)));
                } catch (CoordException failure) {
                    List<OpResult> errors = new ArrayList<>();
                    for (int j = 0; j < ops.size(); j++) {
                        CoordException.Code code = j < i ? CoordException.Code.OK
                                : j == i ? failure.code() : CoordException.Code.RUNTIME_INCONSISTENCY;
                        errors.add(new OpResult.Error(code));
                    }
                    throw CoordException.ofMulti(failure, errors, i);
                }
            }
            return results;
        }

        private OpResult apply(Op op) {
            if (op instanceof Op.Create c) {
                return create(c.path(), c.data(), c.mode(), c.ttlMs());
            }
            if (op instanceof Op.Delete d) {
                delete(d.path(), d.version());
                return new OpResult.Delete();
            }
            if (op instanceof Op.SetData s) {
                return setData(s.path(), s.data(), s.version());
            }
            if (op instanceof Op.Check c) {
                requireValidPath(c.path());
                requireVersion(c.path(), c.version());
                return new OpResult.Check();
            }
            throw error(CoordException.Code.BAD_ARGUMENTS, null, "op is null");
        }

        OpResult.Create create(String path, byte[] data, CreateMode mode, long ttlMs) {
            requireLive(sessionId);
            if (mode == null) {
                throw error(CoordException.Code.BAD_ARGUMENTS, path, "mode is null");
            }
            if (path == null) {
                throw error(CoordException.Code.BAD_ARGUMENTS, null, "path is null");
            }
            if (mode.isSequential() && path.equals("/")) {
                throw error(CoordException.Code.BAD_ARGUMENTS, path, "sequential create on the root");
            }
            String rule = pathRuleBroken(mode.isSequential() ? path + "0000000000" : path);
            if (rule != null) {
                throw error(CoordException.Code.BAD_ARGUMENTS, path, rule);
            }
            if (mode.isTtl() && ttlMs <= 0) {
                throw error(CoordException.Code.BAD_ARGUMENTS, path, "ttl must be > 0");
            }
            if (!mode.isTtl() && ttlMs != 0) {
                throw error(CoordException.Code.BAD_ARGUMENTS, path, "ttl must be 0 for " + mode);
            }
            byte[] bytes = checkedData(path, data);
            if (path.equals("/")) {
                throw error(CoordException.Code.NODE_EXISTS, path, "node exists");
            }
            String parentPath = parentOf(mode.isSequential() ? path + "0000000000" : path);
            Node parent = tree.get(parentPath);
            if (parent == null) {
                throw error(CoordException.Code.NO_NODE, path, "no parent " + parentPath);
            }
            String actual = mode.isSequential() ? path + String.format("%010d", parent.cversion()) : path;
            if (tree.containsKey(actual)) {
                throw error(CoordException.Code.NODE_EXISTS, path, "node exists " + actual);
            }
            if (parent.mode().isEphemeral()) {
                throw error(CoordException.Code.NO_CHILDREN_FOR_EPHEMERALS, path, "ephemeral parent " + parentPath);
            }
            long owner = mode.isEphemeral() ? sessionId : 0;
            tree.put(actual, new Node(bytes, mode, owner, zxid, zxid, zxid, nowMs, nowMs, 0, 0));
            tree.put(parentPath, childrenChanged(parent));
            fire(dataWatches, actual, EventType.NODE_CREATED, Set.of());
            fire(childWatches, parentPath, EventType.NODE_CHILDREN_CHANGED, Set.of());
            return new OpResult.Create(actual, statIn(actual));
        }

        void delete(String path, int version) {
            requireLive(sessionId);
            requireValidPath(path);
            if (path.equals("/")) {
                throw error(CoordException.Code.BAD_ARGUMENTS, path, "the root cannot be deleted");
            }
            requireVersion(path, version);
            if (!childrenOf(tree, path).isEmpty()) {
                throw error(CoordException.Code.NOT_EMPTY, path, "node has children");
            }
            remove(path);
        }

        OpResult.SetData setData(String path, byte[] data, int version) {
            requireLive(sessionId);
            requireValidPath(path);
            byte[] bytes = checkedData(path, data);
            Node n = requireVersion(path, version);
            tree.put(path, new Node(bytes, n.mode(), n.ephemeralOwner(), n.czxid(), zxid, n.pzxid(), n.ctime(), nowMs,
                    n.version() + 1, n.cversion()));
            fire(dataWatches, path, EventType.NODE_DATA_CHANGED, Set.of());
            return new OpResult.SetData(statIn(path));
        }

        /** Removes a childless node, updates its parent, fires watches, and cascades to an emptied container. */
        void remove(String path) {
            tree.remove(path);
            String parentPath = parentOf(path);
            Node parent = tree.get(parentPath);
            tree.put(parentPath, childrenChanged(parent));
            Set<WatchKey> firedForNode = fire(dataWatches, path, EventType.NODE_DELETED, Set.of());
            fire(childWatches, path, EventType.NODE_DELETED, firedForNode);
            fire(childWatches, parentPath, EventType.NODE_CHILDREN_CHANGED, Set.of());
            if (parent.mode() == CreateMode.CONTAINER && childrenOf(tree, parentPath).isEmpty()) {
                cascades++;
                remove(parentPath);
            }
        }

        private Node childrenChanged(Node parent) {
            return new Node(parent.data(), parent.mode(), parent.ephemeralOwner(), parent.czxid(), parent.mzxid(), zxid,
                    parent.ctime(), parent.mtime(), parent.version(), parent.cversion() + 1);
        }

        private Node requireVersion(String path, int version) {
            Node n = requireNode(tree, path);
            if (version != -1 && version != n.version()) {
                throw error(CoordException.Code.BAD_VERSION, path, "version " + version + " != " + n.version());
            }
            return n;
        }

        private byte[] checkedData(String path, byte[] data) {
            byte[] bytes = data == null ? new byte[0] : data.clone();
            if (bytes.length > MAX_DATA_BYTES) {
                throw error(CoordException.Code.BAD_ARGUMENTS, path, "data longer than " + MAX_DATA_BYTES);
            }
            return bytes;
        }

        /** Fires and removes every watch of {@code table} on {@code path}, except the keys in {@code skip}. */
        private Set<WatchKey> fire(Map<String, Set<WatchKey>> table, String path, EventType type, Set<WatchKey> skip) {
            Set<WatchKey> keys = table.remove(path);
            if (keys == null) {
                return Set.of();
            }
            for (WatchKey key : keys) {
                if (!skip.contains(key)) {
                    firedTo.add(key);
                    fired.add(new ExpectedEvent(key.watcher(), type, path, zxid));
                }
            }
            return keys;
        }

        private Stat statIn(String path) {
            Node n = tree.get(path);
            return new Stat(n.czxid(), n.mzxid(), n.pzxid(), n.ctime(), n.mtime(), n.version(), n.cversion(), 0,
                    n.ephemeralOwner(), n.data().length, childrenOf(tree, path).size());
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ReferenceTree[lastZxid=" + lastZxid + "]");
        nodes.forEach((path, n) -> sb.append("\n  ").append(path).append(' ').append(n.mode())
                .append(" data=").append(Arrays.toString(n.data())).append(' ').append(stat(path)));
        return sb.toString();
    }
}
