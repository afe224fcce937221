package dev.coord.tree;

import dev.coord.txn.NodeKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TreeBuilder rebuilds a {@link DataTree} from a snapshot's sessions and nodes (parents before
 * children), recomputing the children sets, the indexes and the digest.
 *
 * <p>It builds in bulk: {@link #addNode} only checks the node and records it with its parent's
 * number; {@link #build} then makes each children set in one pass from its sorted names, each node
 * once, the digest in the same pass, and the node map with {@link HamtBulkBuilder}, instead of a
 * persistent insert (and a parent copy) per node. The tree is the same as inserts would give.
 *
 * <p>In depth-first order (as {@link SnapshotCodec} writes) a node's parent is the previous node or
 * one of its ancestors, so no path is hashed or looked up while nodes are added; a {@link PathTable}
 * of the paths is built only when a node's parent is not found there (another parents-first order).
 * A path that appears twice is then caught by {@link #build}: its two copies, or two copies of an
 * ancestor, share a parent and give that parent a name twice.
 */
final class TreeBuilder {
    private final long lastZxid;
    /** The paths in the order added: node number i is at paths[i]. */
    private String[] paths = new String[16];
    private int count;
    /** Invariant: null, or the numbers of all {@link #count} paths (made when first needed). */
    private PathTable index;
    private DataNode[] nodes = new DataNode[16];
    /** The number of each node's parent; -1 for the root. */
    private int[] parents = new int[16];
    private PersistentMap<Long, SessionInfo> sessions = PersistentMap.empty();
    private final Map<Long, List<String>> ephemerals = new HashMap<>();
    private final List<String> ttlPaths = new ArrayList<>();
    private long digest;

    TreeBuilder(long lastZxid) {
        this.lastZxid = lastZxid;
    }

    /**
     * Sizes the builder for about {@code count} nodes (a hint, as read from a snapshot: capped, and
     * the builder still grows as needed); call before the first {@link #addNode}.
     */
    void expectNodes(int count) {
        if (this.count > 0) {
            throw new IllegalStateException("nodes already added");
        }
        int capacity = Math.max(16, Math.min(count, 1 << 20));
        paths = new String[capacity];
        nodes = new DataNode[capacity];
        parents = new int[capacity];
    }

    void addSession(long id, SessionInfo info) throws IOException {
        if (sessions.containsKey(id)) {
            throw new IOException("session 0x" + Long.toHexString(id) + " appears twice");
        }
        sessions = sessions.put(id, info);
        digest += TreeDigest.hashSession(id, info);
    }

    /** Records {@code node} (whose children set is ignored: build makes it) at {@code path}. */
    void addNode(String path, DataNode node) throws IOException {
        String broken = PathRules.brokenRule(path);
        if (broken != null) {
            throw new IOException("invalid path in snapshot: " + broken);
        }
        int parent = -1;
        if (!path.equals(PathRules.ROOT)) {
            int slash = path.lastIndexOf('/');
            parent = parentNumber(path, slash == 0 ? 1 : slash);
            if (parent < 0) {
                throw new IOException("node " + path + " comes before its parent");
            }
        } else if (count > 0) {
            // Only the root can come first (anything else has no parent yet), so it is there already.
            throw new IOException("node " + path + " appears twice");
        }
        if (node.kind() == NodeKind.EPHEMERAL && !sessions.containsKey(node.ephemeralOwner())) {
            throw new IOException("ephemeral " + path + " is owned by unknown session 0x" + Long.toHexString(node.ephemeralOwner()));
        }
        if (index != null && index.add(path) < 0) {
            throw new IOException("node " + path + " appears twice");
        }
        int number = count++;
        if (node.kind() == NodeKind.EPHEMERAL) {
            ephemerals.computeIfAbsent(node.ephemeralOwner(), owner -> new ArrayList<>()).add(path);
        } else if (node.kind() == NodeKind.TTL) {
            ttlPaths.add(path);
        }
        if (number == nodes.length) {
            paths = Arrays.copyOf(paths, number * 2);
            nodes = Arrays.copyOf(nodes, number * 2);
            parents = Arrays.copyOf(parents, number * 2);
        }
        paths[number] = path;
        nodes[number] = node;
        parents[number] = parent;
    }

    /**
     * The number of the node whose path is {@code path}'s first {@code length} chars, or -1. Nodes
     * usually come depth-first, so it looks among the last node's ancestors first (no hashing), and
     * only then in the index, made now if there is none yet.
     */
    private int parentNumber(String path, int length) throws IOException {
        for (int c = count - 1; c >= 0; c = parents[c]) {
            String candidate = paths[c];
            if (candidate.length() <= length) {
                if (candidate.length() == length && path.startsWith(candidate)) {
                    return c;
                }
                break;
            }
        }
        return index().find(path, length);
    }

    private PathTable index() throws IOException {
        if (index == null) {
            PathTable table = new PathTable(2 * count);
            for (int i = 0; i < count; i++) {
                if (table.add(paths[i]) < 0) {
                    throw new IOException("node " + paths[i] + " appears twice");
                }
            }
            index = table;
        }
        return index;
    }

    DataTree build() throws IOException {
        if (count == 0) {
            throw new IOException("snapshot has no root node");
        }
        // Group the children's paths by parent, each group in snapshot order (a DataNode's children
        // set holds its children's paths, the same strings as the node map's keys).
        int[] firstChild = new int[count + 1];
        for (int i = 1; i < count; i++) {
            firstChild[parents[i] + 1]++;
        }
        for (int i = 0; i < count; i++) {
            firstChild[i + 1] += firstChild[i];
        }
        int[] filled = Arrays.copyOf(firstChild, count);
        String[] childPaths = new String[count];
        for (int i = 1; i < count; i++) {
            childPaths[filled[parents[i]]++] = paths[i];
        }
        long nodeDigest = 0;
        for (int i = 0; i < count; i++) {
            DataNode node = nodes[i];
            if (firstChild[i + 1] > firstChild[i]) {
                node = node.withChildrenUnchangedStat(children(i, childPaths, firstChild[i], firstChild[i + 1]));
            } else if (!node.children.isEmpty()) {
                node = node.withChildrenUnchangedStat(ChildSet.empty());
            }
            nodes[i] = node;
            nodeDigest += TreeDigest.hashNode(TreeDigest.hashPath(paths[i]), node);
        }
        PersistentMap<String, DataNode> nodeMap;
        try {
            nodeMap = HamtBulkBuilder.of(paths, nodes, count);
        } catch (IllegalArgumentException e) {
            // Not expected (a duplicate shows in a children set first), but still a bad snapshot.
            throw new IOException("node map: " + e.getMessage(), e);
        }
        Object[] owners = ephemerals.keySet().toArray();
        Object[] owned = new Object[owners.length];
        for (int i = 0; i < owners.length; i++) {
            List<String> list = ephemerals.get(owners[i]);
            owned[i] = ChildSet.ofNames(list.toArray(new String[0]), 0, list.size());
        }
        PersistentMap<Long, ChildSet> ephemeralMap = HamtBulkBuilder.of(owners, owned, owners.length);
        ChildSet ttl = ChildSet.ofNames(ttlPaths.toArray(new String[0]), 0, ttlPaths.size());
        return new DataTree(nodeMap, ephemeralMap, sessions, ttl, lastZxid, digest + nodeDigest);
    }

    /** The children set of node {@code parent} from {@code childPaths[from, to)}; a path twice means a node added twice. */
    private ChildSet children(int parent, String[] childPaths, int from, int to) throws IOException {
        try {
            return ChildSet.ofNames(childPaths, from, to);
        } catch (IllegalArgumentException e) {
            // ofNames sorted the paths before it found the one given twice.
            for (int i = from + 1; i < to; i++) {
                if (childPaths[i].equals(childPaths[i - 1])) {
                    throw new IOException("node " + childPaths[i] + " appears twice", e);
                }
            }
            throw new IOException("children of " + paths[parent] + ": " + e.getMessage(), e);
        }
    }
}
