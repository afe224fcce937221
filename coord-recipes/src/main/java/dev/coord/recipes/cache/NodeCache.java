package dev.coord.recipes.cache;

import dev.coord.CoordClient;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * NodeCache keeps a local copy of one node current and tells listeners when its data changes, it
 * appears or it goes: the seeds' configuration center ("systems A, B and C watch common.yml and apply
 * a change without a restart"). It is a {@link TreeCache} of depth 0 (one persistent watch on the
 * node, left before the first read, so no change is missed), and has the same guarantees and session
 * behaviour.
 *
 * <pre>{@code
 * NodeCache common = new NodeCache(coord, "/config/common.yml");
 * common.addListener(node -> node.ifPresent(n -> apply(parse(n.data()))));
 * common.start();
 * }</pre>
 *
 * <p>Thread-safe; listeners run on the cache's own thread.
 */
public final class NodeCache implements AutoCloseable {
    /** Listener is told the node's new state (empty when it was deleted) after each change. */
    @FunctionalInterface
    public interface Listener {
        void nodeChanged(Optional<CachedNode> node);
    }

    private final TreeCache cache;
    private final String path;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

    public NodeCache(CoordClient client, String path) {
        this.path = path;
        this.cache = new TreeCache(client, path, 0);
        cache.addListener(event -> {
            switch (event.type()) {
                case ADDED, UPDATED, REMOVED -> {
                    Optional<CachedNode> now = cache.get(path);
                    listeners.forEach(l -> l.nodeChanged(now));
                }
                default -> { }
            }
        });
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * Receives the underlying cache's events, its state events (SUSPENDED, RECONNECTED, LOST, ENDED)
     * included. (A name of its own, not an overload of {@link #addListener}, so that a lambda passed to
     * either is not ambiguous.)
     */
    public void addEventListener(TreeCacheListener listener) {
        cache.addListener(listener);
    }

    /** Watches and reads the node; returns once {@link #current()} reflects it. */
    public void start() {
        cache.start();
    }

    /** The node as last read, or empty if it does not exist. */
    public Optional<CachedNode> current() {
        return cache.get(path);
    }

    @Override
    public void close() {
        cache.close();
    }
}
