package dev.coord.peer;

import dev.coord.AddWatchMode;
import dev.coord.CoordException;
import dev.coord.NodeData;
import dev.coord.Stat;
import dev.coord.WatchedEvent;
import dev.coord.Watcher;
import dev.coord.tree.DataNode;
import dev.coord.tree.DataTree;
import dev.coord.tree.PathRules;
import dev.coord.tree.WatchTable;
import java.util.List;

/**
 * Reads answers exists, getData and getChildren from one immutable {@link DataTree}, so each answer
 * is the state of one zxid. Used on application threads (reads without a watch) and on the agent
 * thread (reads that leave a watch).
 */
final class Reads {
    private Reads() {
    }

    static Stat exists(DataTree tree, String path) {
        PathRules.validate(path);
        DataNode node = tree.get(path);
        return node == null ? null : node.stat();
    }

    static NodeData getData(DataTree tree, String path) {
        PathRules.validate(path);
        DataNode node = node(tree, path);
        return new NodeData(node.copyData(), node.stat());
    }

    static List<String> getChildren(DataTree tree, String path) {
        PathRules.validate(path);
        return node(tree, path).children().toList();
    }

    /** Answers a queued read request from {@code tree}. */
    static Object answer(Request request, DataTree tree) {
        return switch (request.kind) {
            case EXISTS -> exists(tree, request.path);
            case GET_DATA -> getData(tree, request.path);
            case GET_CHILDREN -> getChildren(tree, request.path);
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
