package dev.coord.recipes.cache;

/**
 * TreeCacheEvent is one change a {@link TreeCache} reports: a node added, updated (new data) or
 * removed, or a change of the cache's own state.
 *
 * @param type     what happened
 * @param node     the node as cached now (ADDED, UPDATED) or as it was (REMOVED); null for the states
 * @param previous the node as cached before an UPDATED; null otherwise
 */
public record TreeCacheEvent(Type type, CachedNode node, CachedNode previous) {
    /** Type of a {@link TreeCacheEvent}. */
    public enum Type {
        /** A node appeared (during the initial load too). */
        ADDED,
        /** A node's data changed. */
        UPDATED,
        /** A node went. */
        REMOVED,
        /** The initial load is complete: the cache reflects the tree as of its start. */
        INITIALIZED,
        /** The session is suspended: the cache may be stale until RECONNECTED. */
        SUSPENDED,
        /** The session reconnected and the cache re-read the subtree; changes it missed were reported before this. */
        RECONNECTED,
        /** Suspended longer than the session timeout. */
        LOST,
        /** The session expired or was closed: the cache keeps its last contents and changes no more. */
        ENDED
    }

    static TreeCacheEvent of(Type type) {
        return new TreeCacheEvent(type, null, null);
    }
}
