package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.NodeData;
import dev.coord.Stat;
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

    private static DataNode node(DataTree tree, String path) {
        DataNode node = tree.get(path);
        if (node == null) {
            throw new CoordException.NoNodeException(path, path + " does not exist");
        }
        return node;
    }
}
