package dev.coord.recipes.cache;

import dev.coord.AddWatchMode;
import dev.coord.CoordClient;
import dev.coord.CoordException;
import dev.coord.EventType;
import dev.coord.NodeData;
import dev.coord.SessionListener;
import dev.coord.SessionState;
import dev.coord.WatchedEvent;
import dev.coord.Watcher;
import dev.coord.WatcherType;
import dev.coord.recipes.internal.RecipeThread;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TreeCache keeps a local copy of a subtree (its root and descendants down to a depth) current and
 * tells listeners of every change: the pull half of the seeds' configuration center and the base of
 * {@link NodeCache} and {@link dev.coord.recipes.membership.GroupMembership}.
 *
 * <p><b>How.</b> It leaves one persistent watch on the root (recursive below depth 0, see
 * {@code CoordClient.addWatch}) before it reads anything, then reads the subtree. Each watch event makes
 * it read the changed node again and apply what it finds: the copy of a node only ever moves forward
 * (its reads are of ever newer states of this peer), so an event that arrives after the change it
 * reports was already read is harmless, and no change can fall between reading and watching. The watch
 * is never re-registered: it stays until {@link #close()}. After a reconnection the cache reads the
 * whole subtree again and reports the differences, so a change it could not see while suspended is
 * still reported.
 *
 * <p><b>Guarantees.</b> Eventually consistent with this peer's tree: after the last change, every
 * node's cached data is its latest (same mzxid) and every removed node is gone from the cache; events
 * of one node come in the order of its changes (a change quickly overwritten may be reported once, as
 * its final state). Costs: local reads only, one per event, plus a full read at start and after each
 * reconnection.
 *
 * <p><b>Session trouble.</b> SUSPENDED, RECONNECTED and LOST are passed to listeners as events (the
 * copy may be stale meanwhile); EXPIRED or CLOSED end the cache (ENDED), which keeps its last contents:
 * open a new session and a new cache.
 *
 * <pre>{@code
 * try (TreeCache config = new TreeCache(coord, "/config")) {
 *     config.addListener(e -> reload(e));
 *     config.start();
 *     byte[] common = config.get("/config/common.yml").map(CachedNode::data).orElse(null);
 * }
 * }</pre>
 *
 * <p>Thread-safe; listeners run on the cache's own thread.
 */
public final class TreeCache implements AutoCloseable {
    private final CoordClient client;
    private final String root;
    private final int maxDepth;
    private final RecipeThread thread;
    private final ConcurrentSkipListMap<String, CachedNode> nodes = new ConcurrentSkipListMap<>();
    private final CopyOnWriteArrayList<TreeCacheListener> listeners = new CopyOnWriteArrayList<>();
    private final Watcher watcher;
    private final SessionListener sessionListener;
    // Cache thread only.
    private boolean started;
    private boolean ended;

    /** A cache of {@code root} and its whole subtree. */
    public TreeCache(CoordClient client, String root) {
        this(client, root, Integer.MAX_VALUE);
    }

    /** A cache of {@code root} and its descendants down to {@code maxDepth} (0: the root only; 1: and its children). */
    public TreeCache(CoordClient client, String root, int maxDepth) {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be at least 0, was " + maxDepth);
        }
        this.client = client;
        this.root = root;
        this.maxDepth = maxDepth;
        this.thread = new RecipeThread("coord-cache-" + root);
        this.watcher = event -> thread.execute(() -> onEvent(event));
        this.sessionListener = state -> thread.execute(() -> onSessionState(state));
    }

    public void addListener(TreeCacheListener listener) {
        listeners.add(listener);
    }

    public void removeListener(TreeCacheListener listener) {
        listeners.remove(listener);
    }

    /**
     * Leaves the watch and loads the subtree; returns once the cache holds it (the listeners have been
     * told ADDED for each node, then INITIALIZED). Idempotent.
     */
    public void start() {
        thread.runAndWait(() -> {
            if (started) {
                return;
            }
            started = true;
            client.addSessionListener(sessionListener);
            client.addWatch(root, watcher, maxDepth == 0 ? AddWatchMode.PERSISTENT : AddWatchMode.PERSISTENT_RECURSIVE);
            reload();
            tell(TreeCacheEvent.of(TreeCacheEvent.Type.INITIALIZED));
        });
    }

    /** The cached node at {@code path}, if any. */
    public Optional<CachedNode> get(String path) {
        return Optional.ofNullable(nodes.get(path));
    }

    /** The cached children of {@code path} by name, sorted (empty if none or not cached). */
    public Map<String, CachedNode> children(String path) {
        String prefix = path.equals("/") ? "/" : path + "/";
        Map<String, CachedNode> out = new LinkedHashMap<>();
        for (CachedNode n : nodes.subMap(prefix, false, prefix + Character.MAX_VALUE, false).values()) {
            if (n.path().indexOf('/', prefix.length()) < 0) {
                out.put(n.name(), n);
            }
        }
        return out;
    }

    /** Every cached node by path, sorted. */
    public Map<String, CachedNode> nodes() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    /** The path the cache covers. */
    public String root() {
        return root;
    }

    /** Removes the watch and stops the cache's thread; the contents stay readable. Idempotent. */
    @Override
    public void close() {
        thread.runAndWait(() -> {
            if (started && !ended) {
                ended = true;
                try {
                    client.removeWatches(root, watcher, WatcherType.ANY);
                } catch (CoordException e) {
                    // Gone with the session, or the session is suspended: it goes with the session then.
                }
            }
            client.removeSessionListener(sessionListener);
        });
        thread.close();
    }

    // ---- on the cache's thread ----

    private void onEvent(WatchedEvent event) {
        if (ended || event.type() == EventType.PERSISTENT_WATCH_REMOVED) {
            return;
        }
        String path = event.path();
        if (depth(path) > maxDepth) {
            return;
        }
        try {
            refresh(path);
        } catch (CoordException e) {
            // Connection trouble: the reload after reconnection catches up.
        }
    }

    private void onSessionState(SessionState state) {
        if (ended || !started) {
            return;
        }
        switch (state) {
            case SUSPENDED -> tell(TreeCacheEvent.of(TreeCacheEvent.Type.SUSPENDED));
            case LOST -> tell(TreeCacheEvent.of(TreeCacheEvent.Type.LOST));
            case RECONNECTED, CONNECTED -> {
                try {
                    reload();
                } catch (CoordException e) {
                    return;                                   // suspended again: reloaded at the next reconnection
                }
                tell(TreeCacheEvent.of(TreeCacheEvent.Type.RECONNECTED));
            }
            case EXPIRED, CLOSED -> {
                ended = true;
                tell(TreeCacheEvent.of(TreeCacheEvent.Type.ENDED));
            }
            default -> { }
        }
    }

    /** Reads the whole subtree and applies it: nodes found are added or updated, the others removed. */
    private void reload() {
        Set<String> seen = new HashSet<>();
        walk(root, 0, seen);
        List<String> gone = new ArrayList<>();
        for (String path : nodes.keySet()) {
            if (!seen.contains(path)) {
                gone.add(path);
            }
        }
        Collections.reverse(gone);                            // deepest first
        for (String path : gone) {
            CachedNode removed = nodes.remove(path);
            if (removed != null) {
                tell(new TreeCacheEvent(TreeCacheEvent.Type.REMOVED, removed, null));
            }
        }
    }

    private void walk(String path, int depth, Set<String> seen) {
        NodeData data;
        try {
            data = client.getData(path);
        } catch (CoordException.NoNodeException e) {
            return;
        }
        seen.add(path);
        apply(path, data);
        if (depth >= maxDepth) {
            return;
        }
        List<String> children;
        try {
            children = client.getChildren(path);
        } catch (CoordException.NoNodeException e) {
            return;
        }
        for (String child : children) {
            walk(path.equals("/") ? "/" + child : path + "/" + child, depth + 1, seen);
        }
    }

    /** Reads {@code path} again and applies what it finds. */
    private void refresh(String path) {
        NodeData data;
        try {
            data = client.getData(path);
        } catch (CoordException.NoNodeException e) {
            removeSubtree(path);
            return;
        }
        apply(path, data);
    }

    private void apply(String path, NodeData data) {
        CachedNode fresh = new CachedNode(path, data.data(), data.stat());
        CachedNode old = nodes.get(path);
        if (old == null) {
            nodes.put(path, fresh);
            tell(new TreeCacheEvent(TreeCacheEvent.Type.ADDED, fresh, null));
        } else if (old.stat().czxid() != fresh.stat().czxid()) {
            removeSubtree(path);                              // deleted and created again
            nodes.put(path, fresh);
            tell(new TreeCacheEvent(TreeCacheEvent.Type.ADDED, fresh, null));
        } else if (fresh.stat().mzxid() > old.stat().mzxid()) {
            nodes.put(path, fresh);
            tell(new TreeCacheEvent(TreeCacheEvent.Type.UPDATED, fresh, old));
        } else if (fresh.stat().pzxid() > old.stat().pzxid()) {
            nodes.put(path, fresh);                           // only its children changed: no event
        }
    }

    private void removeSubtree(String path) {
        String prefix = path.equals("/") ? "/" : path + "/";
        NavigableMap<String, CachedNode> below = nodes.subMap(prefix, false, prefix + Character.MAX_VALUE, false);
        List<String> gone = new ArrayList<>(below.keySet());
        Collections.reverse(gone);
        gone.add(path);
        for (String p : gone) {
            CachedNode removed = nodes.remove(p);
            if (removed != null) {
                tell(new TreeCacheEvent(TreeCacheEvent.Type.REMOVED, removed, null));
            }
        }
    }

    private int depth(String path) {
        if (path.equals(root)) {
            return 0;
        }
        String rest = root.equals("/") ? path.substring(1) : path.substring(root.length() + 1);
        int depth = 1;
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) == '/') {
                depth++;
            }
        }
        return depth;
    }

    private void tell(TreeCacheEvent event) {
        for (TreeCacheListener l : listeners) {
            l.event(event);
        }
    }
}
