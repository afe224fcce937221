package dev.coord.recipes.cache;

/**
 * TreeCacheListener is told of every change of a {@link TreeCache}, on the cache's own thread, one
 * event at a time, in the order the cache applied them; the cache's contents already reflect the
 * event when it is called. A slow listener delays only its cache.
 */
@FunctionalInterface
public interface TreeCacheListener {
    void event(TreeCacheEvent event);
}
