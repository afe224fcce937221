package dev.coord.tree;

import dev.coord.EventType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WatchTable holds the one-shot watches left by reads and decides which fire for each {@link Change}.
 * A watch is a (session id, watcher) pair on a path, in one of two tables: data watches (left by
 * exists and getData) and child watches (left by getChildren).
 *
 * <p>Firing rules (ZooKeeper's): NODE_CREATED and NODE_DATA_CHANGED fire the path's data watches;
 * NODE_DELETED fires its data and child watches; NODE_CHILDREN_CHANGED fires its child watches. A
 * watch that fires is removed. The same watcher of the same session on one path fires once per change
 * even if it was left in both tables or several times.
 *
 * <p>Called only on the peer's agent thread. Iteration follows registration order, never hash order.
 *
 * @param <W> the watcher type (compared with {@code equals})
 */
public final class WatchTable<W> {
    /** Watch is one registered (session, watcher) pair. */
    public record Watch<W>(long sessionId, W watcher) {
    }

    /** Fired is a watch that fired, with the event for it. */
    public record Fired<W>(long sessionId, W watcher, EventType type, String path, long zxid) {
    }

    private final Map<String, LinkedHashSet<Watch<W>>> dataWatches = new HashMap<>();
    private final Map<String, LinkedHashSet<Watch<W>>> childWatches = new HashMap<>();
    private final Map<Long, Set<String>> pathsBySession = new HashMap<>();
    // Invariant: count equals the number of entries in dataWatches and childWatches together.
    private int count;

    /** Leaves a data watch (exists / getData) on {@code path}. */
    public void addDataWatch(String path, long sessionId, W watcher) {
        add(dataWatches, path, sessionId, watcher);
    }

    /** Leaves a child watch (getChildren) on {@code path}. */
    public void addChildWatch(String path, long sessionId, W watcher) {
        add(childWatches, path, sessionId, watcher);
    }

    private void add(Map<String, LinkedHashSet<Watch<W>>> table, String path, long sessionId, W watcher) {
        if (table.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(new Watch<>(sessionId, watcher))) {
            count++;
            pathsBySession.computeIfAbsent(sessionId, s -> new HashSet<>()).add(path);
        }
    }

    /** Removes and returns the watches {@code change} fires, as applied in transaction {@code zxid}. */
    public List<Fired<W>> fire(Change change, long zxid) {
        LinkedHashSet<Watch<W>> fired = null;
        String path = change.path();
        EventType type = change.type();
        if (type != EventType.NODE_CHILDREN_CHANGED) {
            fired = take(dataWatches, path, fired);
        }
        if (type == EventType.NODE_DELETED || type == EventType.NODE_CHILDREN_CHANGED) {
            fired = take(childWatches, path, fired);
        }
        if (fired == null) {
            return List.of();
        }
        List<Fired<W>> out = new ArrayList<>(fired.size());
        for (Watch<W> w : fired) {
            out.add(new Fired<>(w.sessionId(), w.watcher(), type, path, zxid));
            forgetIfUnwatched(w.sessionId(), path);
        }
        return out;
    }

    private void forgetIfUnwatched(long sessionId, String path) {
        if (watchedBy(dataWatches, path, sessionId) || watchedBy(childWatches, path, sessionId)) {
            return;
        }
        Set<String> paths = pathsBySession.get(sessionId);
        if (paths != null && paths.remove(path) && paths.isEmpty()) {
            pathsBySession.remove(sessionId);
        }
    }

    private boolean watchedBy(Map<String, LinkedHashSet<Watch<W>>> table, String path, long sessionId) {
        LinkedHashSet<Watch<W>> watches = table.get(path);
        if (watches == null) {
            return false;
        }
        for (Watch<W> w : watches) {
            if (w.sessionId() == sessionId) {
                return true;
            }
        }
        return false;
    }

    private LinkedHashSet<Watch<W>> take(Map<String, LinkedHashSet<Watch<W>>> table, String path,
                                         LinkedHashSet<Watch<W>> into) {
        LinkedHashSet<Watch<W>> watches = table.remove(path);
        if (watches == null) {
            return into;
        }
        count -= watches.size();
        if (into == null) {
            into = new LinkedHashSet<>();
        }
        into.addAll(watches);
        return into;
    }

    /** Drops every watch of a session (closed or expired). */
    public void removeSession(long sessionId) {
        Set<String> paths = pathsBySession.remove(sessionId);
        if (paths == null) {
            return;
        }
        for (String path : paths) {
            removeSessionFrom(dataWatches, path, sessionId);
            removeSessionFrom(childWatches, path, sessionId);
        }
    }

    private void removeSessionFrom(Map<String, LinkedHashSet<Watch<W>>> table, String path, long sessionId) {
        LinkedHashSet<Watch<W>> watches = table.get(path);
        if (watches == null) {
            return;
        }
        int before = watches.size();
        watches.removeIf(w -> w.sessionId() == sessionId);
        count -= before - watches.size();
        if (watches.isEmpty()) {
            table.remove(path);
        }
    }

    /** The number of registered watches. */
    public int size() {
        return count;
    }
}
