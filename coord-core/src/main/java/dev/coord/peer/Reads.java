package dev.coord.peer;

import dev.coord.AclStat;
import dev.coord.AddWatchMode;
import dev.coord.CoordException;
import dev.coord.NodeData;
import dev.coord.Perms;
import dev.coord.Stat;
import dev.coord.WatchedEvent;
import dev.coord.Watcher;
import dev.coord.tree.Access;
import dev.coord.tree.AclRules;
import dev.coord.tree.DataNode;
import dev.coord.tree.DataTree;
import dev.coord.tree.PathRules;
import dev.coord.tree.WatchTable;
import java.util.List;

/**
 * Reads answers exists, getData and getChildren from one immutable {@link DataTree}, so each answer
 * is the state of one zxid. Used on application threads (reads without a watch) and on the agent
 * thread (reads that leave a watch).
 *
 * <p>Reads are authorized here, on the session's own peer, with the session's {@link Access}: getData
 * and getChildren need READ on the node, getACL READ or ADMIN; exists needs nothing (as in ZooKeeper).
 * A getChildren of a node with more children than the limit fails rather than truncating.
 */
final class Reads {
    private Reads() {
    }

    static Stat exists(DataTree tree, String path) {
        PathRules.validate(path);
        DataNode node = tree.get(path);
        return node == null ? null : node.stat();
    }

    static NodeData getData(DataTree tree, String path, Access access) {
        PathRules.validate(path);
        DataNode node = node(tree, path);
        require(node, Perms.READ, access, path, "getData");
        return new NodeData(node.copyData(), node.stat());
    }

    static List<String> getChildren(DataTree tree, String path, Access access, int maxChildrenListed) {
        PathRules.validate(path);
        DataNode node = node(tree, path);
        require(node, Perms.READ, access, path, "getChildren");
        int count = node.childCount();
        if (count > maxChildrenListed) {
            throw new CoordException.LimitExceededException(path, "getChildren of " + path + ": it has " + count
                    + " children, more than the " + maxChildrenListed + " one call may list (maxChildrenListed)");
        }
        return node.childNames();
    }

    static AclStat getAcl(DataTree tree, String path, Access access) {
        PathRules.validate(path);
        DataNode node = node(tree, path);
        require(node, Perms.READ | Perms.ADMIN, access, path, "getACL");
        return new AclStat(node.acl(), node.stat());
    }

    private static void require(DataNode node, int perm, Access access, String path, String what) {
        if (!AclRules.permits(node.acl(), perm, access)) {
            throw new CoordException.NoAuthException(path, what + " of " + path + ": its ACL does not grant "
                    + Perms.names(perm) + (Integer.bitCount(perm) > 1 ? " (any of them)" : "") + " to this session");
        }
    }

    /** Answers a queued read request from {@code tree}. */
    static Object answer(Request request, DataTree tree) {
        Access access = request.kind == Request.Kind.EXISTS ? null : request.session.access(request.authDigests);
        return switch (request.kind) {
            case EXISTS -> exists(tree, request.path);
            case GET_DATA -> getData(tree, request.path, access);
            case GET_CHILDREN -> getChildren(tree, request.path, access,
                    request.session.limits().maxChildrenListed());
            case GET_ACL -> getAcl(tree, request.path, access);
            default -> throw new IllegalArgumentException("not a read: " + request.kind);
        };
    }

    /**
     * Executes a read whose turn in its session has come against {@code tree}, leaving its watch in
     * {@code watches} in the same step (so no change can slip between the read and the watch), and
     * records the outcome on the request. Agent thread only.
     */
    static void executeInTurn(Request request, DataTree tree, WatchTable<Watcher> watches) {
        long sessionId = request.session.sessionId();
        request.resolved = true;
        if (tree.session(sessionId) == null) {
            request.error = new CoordException.SessionExpiredException("session 0x" + Long.toHexString(sessionId) + " is not live");
            return;
        }
        try {
            if (request.watcher != null && request.kind != Request.Kind.REMOVE_WATCHES) {
                checkWatchLimit(request, sessionId, watches);
            }
            if (request.kind == Request.Kind.ADD_WATCH || request.kind == Request.Kind.REMOVE_WATCHES) {
                changeWatches(request, sessionId, tree.lastZxid(), watches);
                return;
            }
            request.value = answer(request, tree);
            if (request.watcher != null) {
                if (request.kind == Request.Kind.GET_CHILDREN) {
                    watches.addChildWatch(request.path, sessionId, request.watcher);
                } else {
                    watches.addDataWatch(request.path, sessionId, request.watcher);
                }
            }
        } catch (CoordException e) {
            request.error = e;
        }
    }

    /** Refuses a request that would leave one more watch than the session may have. */
    private static void checkWatchLimit(Request request, long sessionId, WatchTable<Watcher> watches) {
        int max = request.session.limits().maxWatchesPerSession();
        int count = watches.sessionWatchCount(sessionId);
        if (count >= max) {
            throw new CoordException.LimitExceededException(request.path, "a watch on " + request.path + ": session 0x"
                    + Long.toHexString(sessionId) + " has " + count + " watches, the limit (maxWatchesPerSession); "
                    + "nothing was read and no watch was left");
        }
    }

    /**
     * Adds a persistent watch, or removes watches and tells each removed watcher on the session's
     * dispatcher, behind every event it was given before.
     */
    private static void changeWatches(Request request, long sessionId, long zxid, WatchTable<Watcher> watches) {
        PathRules.validate(request.path);
        if (request.kind == Request.Kind.ADD_WATCH) {
            watches.addPersistentWatch(request.path, sessionId, request.watcher,
                    request.addWatchMode == AddWatchMode.PERSISTENT_RECURSIVE);
            return;
        }
        List<WatchTable.Removed<Watcher>> removed = watches.remove(request.path, sessionId, request.watcher, request.watcherType);
        if (removed.isEmpty()) {
            throw new CoordException.NoWatcherException(request.path, "no " + request.watcherType + " watch of session 0x"
                    + Long.toHexString(sessionId) + (request.watcher == null ? "" : " by that watcher") + " on " + request.path);
        }
        for (WatchTable.Removed<Watcher> r : removed) {
            WatchedEvent event = new WatchedEvent(r.type(), request.path, zxid);
            Watcher watcher = r.watcher();
            request.session.dispatch(() -> watcher.process(event));
        }
    }

    private static DataNode node(DataTree tree, String path) {
        DataNode node = tree.get(path);
        if (node == null) {
            throw new CoordException.NoNodeException(path, path + " does not exist");
        }
        return node;
    }
}
