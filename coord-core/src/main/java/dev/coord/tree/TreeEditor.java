package dev.coord.tree;

import dev.coord.CoordException;
import dev.coord.EventType;
import dev.coord.OpResult;
import dev.coord.Perms;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.util.ArrayList;
import java.util.List;

/**
 * TreeEditor applies one transaction to a {@link DataTree}, checking its preconditions and keeping the
 * digest, the ephemeral and TTL indexes and the parents' stats up to date. Used once, then discarded;
 * if a precondition fails it throws and the tree it started from is untouched (for a
 * {@link TreeReplay}'s editor: the trees that replay made before may not be).
 *
 * <p>Permissions are preconditions too, checked against {@code access} as each op meets the tree (so
 * an op of a multi sees the ACL of a node an earlier op created): CREATE on the parent for a create,
 * DELETE on the parent for a delete, WRITE for setData, READ for a check, ADMIN for setACL. The order
 * of the checks is ZooKeeper's: a missing parent is NoNode before a permission is checked; a delete is
 * checked against its parent before the node's existence.
 */
final class TreeEditor {
    private PersistentMap<String, DataNode> nodes;
    private PersistentMap<Long, ChildSet> ephemerals;
    private PersistentMap<Long, SessionInfo> sessions;
    private ChildSet ttlPaths;
    private long digest;
    private final long zxid;
    private final long timeMs;
    private final Access access;
    /** Null, or the {@link TreeReplay} whose node-map puts change its own trie nodes in place. */
    private final Object owner;
    private final List<Change> changes = new ArrayList<>(4);

    TreeEditor(DataTree base, long zxid, long timeMs, Access access) {
        this(base, zxid, timeMs, access, null);
    }

    TreeEditor(DataTree base, long zxid, long timeMs, Access access, Object owner) {
        this.access = access;
        this.owner = owner;
        this.nodes = base.nodes;
        this.ephemerals = base.ephemerals;
        this.sessions = base.sessions;
        this.ttlPaths = base.ttlPaths;
        this.digest = base.digest;
        this.zxid = zxid;
        this.timeMs = timeMs;
    }

    DataTree build() {
        return new DataTree(nodes, ephemerals, sessions, ttlPaths, zxid, digest);
    }

    List<Change> changes() {
        return changes;
    }

    Object apply(Txn txn) {
        if (txn instanceof Txn.Multi multi) {
            return multi(multi);
        }
        if (txn instanceof Txn.CreateSession s) {
            SessionInfo info = new SessionInfo(s.timeoutMs(), s.ownerPeerId());
            sessions = sessions.put(zxid, info);
            digest += TreeDigest.hashSession(zxid, info);
            return zxid;
        }
        if (txn instanceof Txn.CloseSession s) {
            closeSession(s.sessionId());
            return null;
        }
        return op(txn);
    }

    private List<OpResult> multi(Txn.Multi multi) {
        List<OpResult> results = new ArrayList<>(multi.ops().size());
        for (int i = 0; i < multi.ops().size(); i++) {
            try {
                results.add(op(multi.ops().get(i)));
            } catch (CoordException e) {
                throw multiFailure(e, multi.ops().size(), i);
            }
        }
        return results;
    }

    /** The exception of a multi whose op {@code failed} threw {@code e}: every op gets an error result. */
    static CoordException multiFailure(CoordException e, int opCount, int failed) {
        List<OpResult> errors = new ArrayList<>(opCount);
        for (int j = 0; j < opCount; j++) {
            CoordException.Code code = j < failed ? CoordException.Code.OK
                    : j == failed ? e.code() : CoordException.Code.RUNTIME_INCONSISTENCY;
            errors.add(new OpResult.Error(code));
        }
        return CoordException.ofMulti(e, errors, failed);
    }

    private OpResult op(Txn txn) {
        if (txn instanceof Txn.Create c) {
            return create(c);
        }
        if (txn instanceof Txn.Delete d) {
            DataNode parent = d.path().equals(PathRules.ROOT) ? null : nodes.get(PathRules.parent(d.path()));
            if (parent != null) {
                AclRules.require(parent.traits.acl, Perms.DELETE, access, d.path(), "delete of " + d.path(), PathRules.parent(d.path()));
            }
            DataNode node = existing(d.path());
            checkVersion(d.path(), node, d.expectedVersion());
            if (d.path().equals(PathRules.ROOT)) {
                throw new CoordException.BadArgumentsException(d.path(), "the root node cannot be deleted");
            }
            if (!node.children.isEmpty()) {
                throw new CoordException.NotEmptyException(d.path(),
                        "cannot delete " + d.path() + ": it has " + node.children.size() + " children");
            }
            delete(d.path(), node);
            return new OpResult.Delete();
        }
        if (txn instanceof Txn.SetData s) {
            DataNode node = existing(s.path());
            AclRules.require(node.traits.acl, Perms.WRITE, access, s.path(), "setData of " + s.path(), s.path());
            checkVersion(s.path(), node, s.expectedVersion());
            DataNode updated = node.withData(s.data(), zxid, timeMs);
            replace(s.path(), node, updated);
            changes.add(new Change(EventType.NODE_DATA_CHANGED, s.path()));
            return new OpResult.SetData(updated.stat());
        }
        if (txn instanceof Txn.Check c) {
            DataNode node = existing(c.path());
            AclRules.require(node.traits.acl, Perms.READ, access, c.path(), "check of " + c.path(), c.path());
            checkVersion(c.path(), node, c.expectedVersion());
            return new OpResult.Check();
        }
        if (txn instanceof Txn.SetAcl s) {
            DataNode node = existing(s.path());
            AclRules.require(node.traits.acl, Perms.ADMIN, access, s.path(), "setACL of " + s.path(), s.path());
            if (s.expectedAversion() != -1 && s.expectedAversion() != node.traits.aversion) {
                throw new CoordException.BadVersionException(s.path(),
                        "ACL version of " + s.path() + " is " + node.traits.aversion + ", expected " + s.expectedAversion());
            }
            DataNode updated = node.withAcl(s.acl());
            replace(s.path(), node, updated);
            return new OpResult.SetData(updated.stat());
        }
        throw new CoordException.BadArgumentsException(null, "a multi may contain only create, delete, setData and check");
    }

    /**
     * The suffix of a sequential node: the parent's counter as 10 zero-padded decimal digits, as
     * {@code String.format("%010d", counter)} would write it in an ASCII locale (without its cost,
     * which was a few microseconds on every replica's apply of every sequential create).
     */
    static String sequenceSuffix(int counter) {
        if (counter < 0) {
            return String.format(java.util.Locale.ROOT, "%010d", counter);   // an overflowed counter: rare
        }
        String digits = Integer.toString(counter);
        return "0000000000".substring(digits.length()) + digits;
    }

    private OpResult.Create create(Txn.Create c) {
        String requested = c.path();
        int slash = requested.lastIndexOf('/');
        String parentPath = slash == 0 ? PathRules.ROOT : requested.substring(0, slash);
        DataNode parent = nodes.get(parentPath);
        if (parent == null) {
            throw new CoordException.NoNodeException(requested,
                    "cannot create " + requested + ": parent " + parentPath + " does not exist");
        }
        AclRules.require(parent.traits.acl, Perms.CREATE, access, requested, "create of " + requested, parentPath);
        String path = c.sequential() ? requested + sequenceSuffix(parent.cversion) : requested;
        if (nodes.get(path) != null) {
            throw new CoordException.NodeExistsException(path, "cannot create " + path + ": it already exists");
        }
        if (parent.traits.kind == NodeKind.EPHEMERAL) {
            throw new CoordException.NoChildrenForEphemeralsException(path,
                    "cannot create " + path + ": parent " + parentPath + " is ephemeral");
        }
        if (c.kind() == NodeKind.EPHEMERAL && sessions.get(c.ephemeralOwner()) == null) {
            throw new CoordException.SessionExpiredException(
                    "cannot create ephemeral " + path + ": session 0x" + Long.toHexString(c.ephemeralOwner()) + " is not live");
        }
        NodeTraits traits = NodeTraits.of(c.kind(), c.ephemeralOwner(), c.ttlMs(), c.acl(), 0);
        if (traits != NodeTraits.DEFAULT && traits.sameAs(parent.traits)) {
            traits = parent.traits;   // e.g. a custom ACL like the parent's: one copy for both
        }
        DataNode node = DataNode.created(c.data(), zxid, timeMs, traits);
        put(path, node);
        // The child's path, not a name cut from it: the set shares the string the node map keys it by.
        replace(parentPath, parent, parent.withChildren(parent.children.add(path), zxid));
        if (c.kind() == NodeKind.EPHEMERAL) {
            ephemerals = ephemerals.put(c.ephemeralOwner(), ownedBy(c.ephemeralOwner()).add(path));
        } else if (c.kind() == NodeKind.TTL) {
            ttlPaths = ttlPaths.add(path);
        }
        changes.add(new Change(EventType.NODE_CREATED, path));
        changes.add(new Change(EventType.NODE_CHILDREN_CHANGED, parentPath));
        return new OpResult.Create(path, node.stat());
    }

    /** Deletes a childless node, then any container parent it leaves empty, upward. */
    private void delete(String path, DataNode node) {
        String current = path;
        DataNode currentNode = node;
        while (true) {
            remove(current, currentNode);
            if (currentNode.traits.kind == NodeKind.EPHEMERAL) {
                ChildSet remaining = ownedBy(currentNode.traits.ephemeralOwner).remove(current);
                ephemerals = remaining.isEmpty() ? ephemerals.remove(currentNode.traits.ephemeralOwner)
                        : ephemerals.put(currentNode.traits.ephemeralOwner, remaining);
            } else if (currentNode.traits.kind == NodeKind.TTL) {
                ttlPaths = ttlPaths.remove(current);
            }
            String parentPath = PathRules.parent(current);
            DataNode parent = nodes.get(parentPath);
            DataNode updated = parent.withChildren(parent.children.remove(current), zxid);
            replace(parentPath, parent, updated);
            changes.add(new Change(EventType.NODE_DELETED, current));
            changes.add(new Change(EventType.NODE_CHILDREN_CHANGED, parentPath));
            if (updated.traits.kind != NodeKind.CONTAINER || !updated.children.isEmpty() || parentPath.equals(PathRules.ROOT)) {
                return;
            }
            current = parentPath;
            currentNode = updated;
        }
    }

    private void closeSession(long sessionId) {
        SessionInfo info = sessions.get(sessionId);
        if (info == null) {
            throw new CoordException.SessionExpiredException("session 0x" + Long.toHexString(sessionId) + " is not live");
        }
        for (String path : ownedBy(sessionId).toList()) {
            delete(path, nodes.get(path));
        }
        ephemerals = ephemerals.remove(sessionId);
        sessions = sessions.remove(sessionId);
        digest -= TreeDigest.hashSession(sessionId, info);
    }

    private ChildSet ownedBy(long sessionId) {
        ChildSet paths = ephemerals.get(sessionId);
        return paths == null ? ChildSet.empty() : paths;
    }

    private DataNode existing(String path) {
        DataNode node = nodes.get(path);
        if (node == null) {
            throw new CoordException.NoNodeException(path, path + " does not exist");
        }
        return node;
    }

    private static void checkVersion(String path, DataNode node, int expectedVersion) {
        if (expectedVersion != -1 && expectedVersion != node.version) {
            throw new CoordException.BadVersionException(path,
                    "version of " + path + " is " + node.version + ", expected " + expectedVersion);
        }
    }

    private void put(String path, DataNode node) {
        nodes = owner == null ? nodes.put(path, node) : nodes.putOwned(path, node, owner);
        digest += TreeDigest.hashNode(TreeDigest.hashPath(path), node);
    }

    private void remove(String path, DataNode node) {
        nodes = nodes.remove(path);
        digest -= TreeDigest.hashNode(TreeDigest.hashPath(path), node);
    }

    private void replace(String path, DataNode old, DataNode updated) {
        long pathHash = TreeDigest.hashPath(path);
        nodes = owner == null ? nodes.put(path, updated) : nodes.putOwned(path, updated, owner);
        digest += TreeDigest.hashNode(pathHash, updated) - TreeDigest.hashNode(pathHash, old);
    }
}
