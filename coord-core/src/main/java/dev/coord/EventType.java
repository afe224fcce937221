package dev.coord;

/** EventType names the change that fired a one-shot watch. */
public enum EventType {
    /** The watched node was created (an exists watch on a missing node). */
    NODE_CREATED,
    /** The watched node was deleted (any data, exists or child watch on it). */
    NODE_DELETED,
    /** The watched node's data was set (a data or exists watch). */
    NODE_DATA_CHANGED,
    /** A child of the watched node was created or deleted (a child watch). */
    NODE_CHILDREN_CHANGED
}
