package dev.coord.testkit.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * InitialTree is the znodes that exist before a history starts. The root {@code /} always exists
 * (empty data, version 0, cversion 0 unless replaced); a path neither here nor created in the history
 * is absent. Immutable: each {@code with} returns a new tree.
 */
public final class InitialTree {
    /** The ephemeral owner of a persistent node, as in ZooKeeper (session 0 never owns ephemerals). */
    public static final long PERSISTENT = 0;

    /**
     * Node is one znode of the initial tree.
     *
     * @param cversion       the parent-side counter that names the next sequential child
     * @param ephemeralOwner the owning session, or {@link #PERSISTENT}
     */
    public record Node(String data, int version, int cversion, long ephemeralOwner) {
        public boolean ephemeral() {
            return ephemeralOwner != PERSISTENT;
        }
    }

    private static final InitialTree EMPTY = new InitialTree(new TreeMap<>(Collections.singletonMap(ZnodePath.ROOT, new Node("", 0, 0, PERSISTENT))));

    private final SortedMap<String, Node> nodes;

    private InitialTree(SortedMap<String, Node> nodes) {
        this.nodes = Collections.unmodifiableSortedMap(nodes);
    }

    /** A tree with only the root. */
    public static InitialTree empty() {
        return EMPTY;
    }

    /** This tree with the persistent node {@code path} added (or the root replaced). */
    public InitialTree with(String path, String data, int version, int cversion) {
        return with(path, new Node(data, version, cversion, PERSISTENT));
    }

    /** This tree with the ephemeral node {@code path}, owned by session {@code owner}, added. */
    public InitialTree withEphemeral(String path, String data, int version, long owner) {
        if (owner == PERSISTENT) {
            throw new IllegalArgumentException("ephemeral " + path + ": session " + PERSISTENT + " cannot own ephemeral nodes");
        }
        return with(path, new Node(data, version, 0, owner));
    }

    private InitialTree with(String path, Node node) {
        if (!ZnodePath.isValid(path)) {
            throw new IllegalArgumentException("invalid znode path '" + path + "'");
        }
        String parent = ZnodePath.parent(path);
        if (parent != null && !nodes.containsKey(parent)) {
            throw new IllegalArgumentException("cannot add " + path + ": its parent " + parent + " is not in the tree");
        }
        if (parent != null && nodes.get(parent).ephemeral()) {
            throw new IllegalArgumentException("cannot add " + path + ": its parent " + parent + " is ephemeral");
        }
        if (node.ephemeral() && !children(path).isEmpty()) {
            throw new IllegalArgumentException("cannot make " + path + " ephemeral: it has children");
        }
        SortedMap<String, Node> copy = new TreeMap<>(nodes);
        copy.put(path, node);
        return new InitialTree(copy);
    }

    /** The node at {@code path}, or null if there is none. */
    public Node node(String path) {
        return nodes.get(path);
    }

    /** Every node by path, in path order. */
    public SortedMap<String, Node> nodes() {
        return nodes;
    }

    /** The paths of the children of {@code path}, in path order. */
    public List<String> children(String path) {
        List<String> children = new ArrayList<>();
        for (String p : nodes.keySet()) {
            if (path.equals(ZnodePath.parent(p))) {
                children.add(p);
            }
        }
        return children;
    }

    /** The paths of the ephemeral nodes {@code session} owns, in path order. */
    public List<String> ephemeralsOf(long session) {
        List<String> owned = new ArrayList<>();
        nodes.forEach((path, node) -> {
            if (node.ephemeral() && node.ephemeralOwner() == session) {
                owned.add(path);
            }
        });
        return owned;
    }

    @Override
    public String toString() {
        return "InitialTree" + nodes;
    }
}
