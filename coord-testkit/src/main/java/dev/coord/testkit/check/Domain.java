package dev.coord.testkit.check;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Domain is the part of the tree one partition of a history models, and the initial tree it starts
 * from.
 *
 * <p>A partition tracks its own paths and every child of a path whose child list it tracks (needed
 * for getChildren, NOTEMPTY and sequential names). Every other path keeps its initial value: the
 * partitioning rule guarantees that whatever the partition reads of such a path (a parent's existence
 * and ephemeral owner) no operation of the history changes.
 *
 * <p>Not thread-safe (it memoizes answers); one check uses it at a time.
 */
final class Domain {
    private final Set<String> paths;
    private final Set<String> childListOwners;
    private final InitialTree initial;
    /** Memo of {@link #tracks}, which the model asks at every step (an optimization; no state). */
    private final Map<String, Boolean> tracked = new HashMap<>();

    private Domain(Set<String> paths, Set<String> childListOwners, InitialTree initial) {
        this.paths = Set.copyOf(paths);
        this.childListOwners = Set.copyOf(childListOwners);
        this.initial = initial;
    }

    /** A domain that tracks {@code paths} and the children of {@code childListOwners} (a subset of them). */
    static Domain of(Set<String> paths, Set<String> childListOwners, InitialTree initial) {
        return new Domain(paths, childListOwners, initial);
    }

    /** True if the partition models {@code path}; false if it stays as in the initial tree. */
    boolean tracks(String path) {
        Boolean known = tracked.get(path);
        if (known == null) {
            String parent = ZnodePath.parent(path);
            known = paths.contains(path) || (parent != null && childListOwners.contains(parent));
            tracked.put(path, known);
        }
        return known;
    }

    /** True if the partition models the child list of {@code path}. */
    boolean tracksChildrenOf(String path) {
        return childListOwners.contains(path);
    }

    /** The initial node at an untracked {@code path}, or null if there is none. */
    ZNode constant(String path) {
        InitialTree.Node node = initial.node(path);
        return node == null ? null : ZNode.initial(node);
    }

    /** True if {@code path} is a persistent node of the initial tree. */
    boolean initiallyPersistent(String path) {
        InitialTree.Node node = initial.node(path);
        return node != null && !node.ephemeral();
    }

    /** True if {@code path} has no children in the initial tree. */
    boolean initiallyChildless(String path) {
        return initial.children(path).isEmpty();
    }

    /** The tracked nodes of the initial tree. */
    Map<String, ZNode> initialNodes() {
        Map<String, ZNode> nodes = new HashMap<>();
        initial.nodes().forEach((path, node) -> {
            if (tracks(path)) {
                nodes.put(path, ZNode.initial(node));
            }
        });
        return nodes;
    }
}
