package dev.coord;

/**
 * EventType names the change that fired a watch, or, for the last three, the removal of a watch by
 * {@link CoordClient#removeWatches}.
 */
public enum EventType {
    /** The watched node was created (an exists or persistent watch on a missing node). */
    NODE_CREATED,
    /** The watched node was deleted (any data, exists, child or persistent watch on it). */
    NODE_DELETED,
    /** The watched node's data was set (a data, exists or persistent watch). */
    NODE_DATA_CHANGED,
    /** A child of the watched node was created or deleted (a child or non-recursive persistent watch). */
    NODE_CHILDREN_CHANGED,
    /** A one-shot data watch (exists, getData) was removed; it will not fire. */
    DATA_WATCH_REMOVED,
    /** A one-shot child watch (getChildren) was removed; it will not fire. */
    CHILD_WATCH_REMOVED,
    /** A persistent watch was removed; no event for it follows. */
    PERSISTENT_WATCH_REMOVED
}
