package dev.coord.tree;

import dev.coord.EventType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * TreeJump derives the watchable changes between two trees when a peer jumps from one to the other
 * without applying the transactions in between (installing a leader's snapshot), so the watches left
 * on the old tree still fire for the first change after them, as ZooKeeper's setWatches does on
 * reconnect. Only watched paths are compared: the paths given, and every path below the given
 * subtree roots (recursive watches).
 *
 * <p>Per path: a node that appeared is NODE_CREATED; one that vanished is NODE_DELETED; one that was
 * deleted and created again (another czxid) is NODE_DELETED then NODE_CREATED; otherwise a new mzxid is
 * NODE_DATA_CHANGED and a new pzxid NODE_CHILDREN_CHANGED. The order is a possible history: deletions
 * deepest first, then creations shallowest first, then data and child changes.
 *
 * <p>Pure: no threads, no clocks.
 */
public final class TreeJump {
    private static final Comparator<String> DEEPEST_FIRST =
            Comparator.comparingInt(TreeJump::depth).reversed().thenComparing(Comparator.naturalOrder());
    private static final Comparator<String> SHALLOWEST_FIRST =
            Comparator.comparingInt(TreeJump::depth).thenComparing(Comparator.naturalOrder());

    private TreeJump() {
    }

    /** The changes from {@code before} to {@code after} on {@code paths} and in the subtrees of {@code roots}. */
    public static List<Change> changes(DataTree before, DataTree after, Collection<String> paths, Collection<String> roots) {
        TreeSet<String> compared = new TreeSet<>(paths);
        for (String root : roots) {
            collectSubtree(before, root, compared);
            collectSubtree(after, root, compared);
        }
        TreeSet<String> deleted = new TreeSet<>(DEEPEST_FIRST);
        TreeSet<String> created = new TreeSet<>(SHALLOWEST_FIRST);
        List<Change> updates = new ArrayList<>();
        for (String path : compared) {
            DataNode was = before.get(path);
            DataNode is = after.get(path);
            if (was != null && (is == null || is.czxid != was.czxid)) {
                deleted.add(path);
            }
            if (is != null && (was == null || is.czxid != was.czxid)) {
                created.add(path);
            }
            if (was != null && is != null && is.czxid == was.czxid) {
                if (is.mzxid != was.mzxid) {
                    updates.add(new Change(EventType.NODE_DATA_CHANGED, path));
                }
                if (is.pzxid != was.pzxid) {
                    updates.add(new Change(EventType.NODE_CHILDREN_CHANGED, path));
                }
            }
        }
        List<Change> out = new ArrayList<>(deleted.size() + created.size() + updates.size());
        deleted.forEach(p -> out.add(new Change(EventType.NODE_DELETED, p)));
        created.forEach(p -> out.add(new Change(EventType.NODE_CREATED, p)));
        out.addAll(updates);
        return out;
    }

    private static void collectSubtree(DataTree tree, String root, Collection<String> into) {
        DataNode node = tree.get(root);
        if (node == null) {
            return;
        }
        into.add(root);
        node.children.forEach(child -> collectSubtree(tree, child, into));
    }

    private static int depth(String path) {
        if (path.equals(PathRules.ROOT)) {
            return 0;
        }
        int depth = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                depth++;
            }
        }
        return depth;
    }
}
