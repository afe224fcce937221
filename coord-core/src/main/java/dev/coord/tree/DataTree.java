package dev.coord.tree;

import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * DataTree is the replicated state at one zxid: the znodes, the live sessions, the index of each
 * session's ephemerals and of the nodes with a TTL, and the digest of it all. It is an immutable,
 * persistent value: {@link #apply} returns a new tree sharing structure with this one, so any thread
 * may read a DataTree while the agent thread builds the next, and a snapshot is a reference.
 *
 * <p>Invariant: {@code digest} equals the sum of {@link TreeDigest#hashNode} over all nodes plus
 * {@link TreeDigest#hashSession} over all sessions; every non-root node's parent exists and lists it
 * as a child; ephemeral nodes have no children and their owner is a live session.
 */
public final class DataTree {
    private static final DataTree EMPTY = emptyTree();

    final PersistentMap<String, DataNode> nodes;
    final PersistentMap<Long, ChildSet> ephemerals;
    final PersistentMap<Long, SessionInfo> sessions;
    final ChildSet ttlPaths;
    final long lastZxid;
    final long digest;

    DataTree(PersistentMap<String, DataNode> nodes, PersistentMap<Long, ChildSet> ephemerals,
             PersistentMap<Long, SessionInfo> sessions, ChildSet ttlPaths, long lastZxid, long digest) {
        this.nodes = nodes;
        this.ephemerals = ephemerals;
        this.sessions = sessions;
        this.ttlPaths = ttlPaths;
        this.lastZxid = lastZxid;
        this.digest = digest;
    }

    /** The tree with only the root "/" and no sessions, at zxid 0. */
    public static DataTree empty() {
        return EMPTY;
    }

    private static DataTree emptyTree() {
        DataNode root = DataNode.created(new byte[0], 0, 0, 0, NodeKind.PERSISTENT, 0, dev.coord.Acl.OPEN_ACL_UNSAFE);
        PersistentMap<String, DataNode> nodes = PersistentMap.<String, DataNode>empty().put(PathRules.ROOT, root);
        long digest = TreeDigest.hashNode(TreeDigest.hashPath(PathRules.ROOT), root);
        return new DataTree(nodes, PersistentMap.empty(), PersistentMap.empty(), ChildSet.empty(), 0, digest);
    }

    /**
     * Applies {@code txn} as transaction {@code zxid} at leader time {@code timeMs}.
     *
     * @throws dev.coord.CoordException if a precondition of the transaction does not hold; this tree is
     *                                  unchanged (it is immutable)
     * @throws IllegalArgumentException if {@code zxid} is not after {@link #lastZxid()}
     */
    public Applied apply(long zxid, long timeMs, Txn txn) {
        return apply(zxid, timeMs, txn, Access.UNCHECKED);
    }

    /**
     * Applies {@code txn} as {@link #apply(long, long, Txn)} does, first checking at each op that the
     * nodes' ACLs grant {@code access} what the op needs (a NoAuthException then, like any failed
     * precondition, leaves this tree as it is). Only the peer that decides a request checks: committed
     * transactions are applied everywhere with {@link Access#UNCHECKED}.
     */
    public Applied apply(long zxid, long timeMs, Txn txn, Access access) {
        if (zxid <= lastZxid) {
            throw new IllegalArgumentException("zxid 0x" + Long.toHexString(zxid)
                    + " is not after the tree's 0x" + Long.toHexString(lastZxid));
        }
        TreeEditor editor = new TreeEditor(this, zxid, timeMs, access);
        Object result = editor.apply(txn);
        return new Applied(editor.build(), editor.changes(), result);
    }

    /** {@link #apply} without ACL checks for {@link TreeReplay}, whose own trie nodes change in place. */
    DataTree applyOwned(long zxid, long timeMs, Txn txn, Object owner) {
        if (zxid <= lastZxid) {
            throw new IllegalArgumentException("zxid 0x" + Long.toHexString(zxid)
                    + " is not after the tree's 0x" + Long.toHexString(lastZxid));
        }
        TreeEditor editor = new TreeEditor(this, zxid, timeMs, Access.UNCHECKED, owner);
        editor.apply(txn);
        return editor.build();
    }

    /** The node at {@code path}, or null. {@code path} need not be valid. */
    public DataNode get(String path) {
        return nodes.get(path);
    }

    /** The zxid of the last transaction applied. */
    public long lastZxid() {
        return lastZxid;
    }

    /** The digest of the whole tree and session table (see {@link TreeDigest}). */
    public long digest() {
        return digest;
    }

    /** The number of nodes, the root included. */
    public int nodeCount() {
        return nodes.size();
    }

    /** The number of live sessions. */
    public int sessionCount() {
        return sessions.size();
    }

    /** The session with this id, or null if it is not live. */
    public SessionInfo session(long sessionId) {
        return sessions.get(sessionId);
    }

    /** Calls {@code action} for every live session (order: deterministic for equal trees). */
    public void forEachSession(BiConsumer<Long, SessionInfo> action) {
        sessions.forEach(action);
    }

    /** The paths of the ephemerals of a session, sorted; empty when none. */
    public ChildSet ephemerals(long sessionId) {
        ChildSet paths = ephemerals.get(sessionId);
        return paths == null ? ChildSet.empty() : paths;
    }

    /**
     * The deletes due for TTL nodes that are childless and unmodified for longer than their TTL at
     * {@code wallMs}, in path order; each is conditional on the version seen, so a concurrent change
     * keeps its node alive.
     */
    public List<Txn.Delete> expiredTtlDeletes(long wallMs) {
        List<Txn.Delete> due = new ArrayList<>();
        ttlPaths.forEach(path -> {
            DataNode node = nodes.get(path);
            if (node.children.isEmpty() && wallMs - node.mtime > node.traits.ttlMs) {
                due.add(new Txn.Delete(path, node.version));
            }
        });
        return due;
    }

    /** The paths of all nodes with a TTL, sorted. */
    public ChildSet ttlPaths() {
        return ttlPaths;
    }

    /**
     * Calls {@code action} for every node, parents before their children, children in name order.
     * It holds one children iterator per level of the path being visited, so a walk (a snapshot being
     * written) costs memory in the tree's depth, not in the number of children of a node.
     */
    public void forEachNodeDepthFirst(BiConsumer<String, DataNode> action) {
        DataNode root = nodes.get(PathRules.ROOT);
        action.accept(PathRules.ROOT, root);
        ArrayDeque<Iterator<String>> pending = new ArrayDeque<>();
        pending.push(root.children.iterator());
        while (!pending.isEmpty()) {
            Iterator<String> childPaths = pending.peek();
            if (!childPaths.hasNext()) {
                pending.pop();
                continue;
            }
            String path = childPaths.next();
            DataNode node = nodes.get(path);
            action.accept(path, node);
            if (!node.children.isEmpty()) {
                pending.push(node.children.iterator());
            }
        }
    }

    @Override
    public String toString() {
        return "DataTree[zxid=0x" + Long.toHexString(lastZxid) + ", nodes=" + nodes.size()
                + ", sessions=" + sessions.size() + ", digest=" + Long.toHexString(digest) + "]";
    }
}
