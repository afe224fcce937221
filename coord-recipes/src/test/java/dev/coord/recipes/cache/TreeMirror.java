package dev.coord.recipes.cache;

import dev.coord.CoordClient;
import dev.coord.CoordException;
import dev.coord.NodeData;
import java.util.Map;
import java.util.TreeMap;

/** TreeMirror reads a subtree directly (after a sync) as path to mzxid, for comparing with a cache. */
final class TreeMirror {
    private TreeMirror() {
    }

    static Map<String, Long> read(CoordClient client, String root, int maxDepth) {
        client.sync(root);
        Map<String, Long> out = new TreeMap<>();
        walk(client, root, 0, maxDepth, out);
        return out;
    }

    private static void walk(CoordClient client, String path, int depth, int maxDepth, Map<String, Long> out) {
        NodeData d;
        try {
            d = client.getData(path);
        } catch (CoordException.NoNodeException e) {
            return;
        }
        out.put(path, d.stat().mzxid());
        if (depth == maxDepth) {
            return;
        }
        try {
            for (String child : client.getChildren(path)) {
                walk(client, path + "/" + child, depth + 1, maxDepth, out);
            }
        } catch (CoordException.NoNodeException e) {
            // Deleted meanwhile.
        }
    }

    static Map<String, Long> of(TreeCache cache) {
        Map<String, Long> out = new TreeMap<>();
        cache.nodes().forEach((path, node) -> out.put(path, node.stat().mzxid()));
        return out;
    }
}
