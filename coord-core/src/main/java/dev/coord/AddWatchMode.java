package dev.coord;

/**
 * AddWatchMode says what a watch left by {@link CoordClient#addWatch} covers. Both kinds are
 * persistent: they stay registered when they fire, until {@link CoordClient#removeWatches} removes them
 * or their session ends (ZooKeeper 3.6's {@code addWatch}).
 */
public enum AddWatchMode {
    /**
     * The watched path only, as if an exists watch and a getChildren watch were left on it and re-left
     * after every event: NODE_CREATED, NODE_DELETED, NODE_DATA_CHANGED and NODE_CHILDREN_CHANGED, each
     * with the watched path.
     */
    PERSISTENT,
    /**
     * The watched path and every path below it, now or later: NODE_CREATED, NODE_DELETED and
     * NODE_DATA_CHANGED with the path of the node that changed. No NODE_CHILDREN_CHANGED: a child's
     * creation or deletion arrives as that child's own NODE_CREATED or NODE_DELETED.
     */
    PERSISTENT_RECURSIVE
}
