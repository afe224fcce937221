package dev.coord.tree;

import dev.coord.txn.NodeKind;
import java.io.IOException;

/**
 * LegacyTreeBuilder (test scope: the baseline of {@link SnapshotLoadBench} only) is TreeBuilder as it was
 * before bulk loading: it rebuilds a {@link DataTree} from a snapshot's nodes (parents before children)
 * by one persistent insert per node and a copy of its parent, recomputing the children sets, the
 * indexes and the digest.
 */
final class LegacyTreeBuilder {
    private final long lastZxid;
    private PersistentMap<String, DataNode> nodes = PersistentMap.empty();
    private PersistentMap<Long, ChildSet> ephemerals = PersistentMap.empty();
    private PersistentMap<Long, SessionInfo> sessions = PersistentMap.empty();
    private ChildSet ttlPaths = ChildSet.empty();
    private long digest;

    LegacyTreeBuilder(long lastZxid) {
        this.lastZxid = lastZxid;
    }

    void addSession(long id, SessionInfo info) throws IOException {
        if (sessions.containsKey(id)) {
            throw new IOException("session 0x" + Long.toHexString(id) + " appears twice");
        }
        sessions = sessions.put(id, info);
        digest += TreeDigest.hashSession(id, info);
    }

    void addNode(String path, DataNode node) throws IOException {
        if (PathRules.brokenRule(path) != null) {
            throw new IOException("invalid path in snapshot: " + PathRules.brokenRule(path));
        }
        if (nodes.containsKey(path)) {
            throw new IOException("node " + path + " appears twice");
        }
        if (!path.equals(PathRules.ROOT)) {
            String parentPath = PathRules.parent(path);
            DataNode parent = nodes.get(parentPath);
            if (parent == null) {
                throw new IOException("node " + path + " comes before its parent");
            }
            nodes = nodes.put(parentPath, parent.withChildrenUnchangedStat(parent.children.add(PathRules.name(path))));
        } else if (!nodes.isEmpty()) {
            throw new IOException("the root must come first");
        }
        nodes = nodes.put(path, node);
        if (node.kind == NodeKind.EPHEMERAL) {
            if (!sessions.containsKey(node.ephemeralOwner)) {
                throw new IOException("ephemeral " + path + " is owned by unknown session 0x" + Long.toHexString(node.ephemeralOwner));
            }
            ChildSet owned = ephemerals.get(node.ephemeralOwner);
            ephemerals = ephemerals.put(node.ephemeralOwner, (owned == null ? ChildSet.empty() : owned).add(path));
        } else if (node.kind == NodeKind.TTL) {
            ttlPaths = ttlPaths.add(path);
        }
    }

    DataTree build() throws IOException {
        if (!nodes.containsKey(PathRules.ROOT)) {
            throw new IOException("snapshot has no root node");
        }
        long nodeDigest = 0;
        long[] sum = {0};
        nodes.forEach((path, node) -> sum[0] += TreeDigest.hashNode(TreeDigest.hashPath(path), node));
        nodeDigest = sum[0];
        return new DataTree(nodes, ephemerals, sessions, ttlPaths, lastZxid, digest + nodeDigest);
    }
}
