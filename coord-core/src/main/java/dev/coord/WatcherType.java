package dev.coord;

/**
 * WatcherType says which of a session's watches on one path {@link CoordClient#removeWatches} removes.
 * The kinds are orthogonal: removing one never touches another (as ZooKeeper settled in
 * ZOOKEEPER-4471 and -4472).
 */
public enum WatcherType {
    /** One-shot watches left by getChildren. */
    CHILDREN,
    /** One-shot watches left by exists and getData. */
    DATA,
    /** Persistent watches left by {@code addWatch(path, w, PERSISTENT)}. */
    PERSISTENT,
    /** Persistent watches left by {@code addWatch(path, w, PERSISTENT_RECURSIVE)}. */
    PERSISTENT_RECURSIVE,
    /** All of the above. */
    ANY
}
