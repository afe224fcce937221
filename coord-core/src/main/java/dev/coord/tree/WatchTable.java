package dev.coord.tree;

import dev.coord.EventType;
import dev.coord.WatcherType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WatchTable holds the watches of a peer's sessions and decides which fire for each {@link Change}.
 * A watch is a (session id, watcher) pair on a path, in one of four tables: one-shot data watches (left
 * by exists and getData), one-shot child watches (left by getChildren), persistent watches and
 * persistent recursive watches (left by addWatch).
 *
 * <p>Firing rules (ZooKeeper 3.6's): NODE_CREATED and NODE_DATA_CHANGED fire the path's data watches;
 * NODE_DELETED fires its data and child watches; NODE_CHILDREN_CHANGED fires its child watches. A
 * one-shot watch that fires is removed. A persistent watch on the path fires for all four and stays. A
 * recursive watch on the path or any ancestor fires for all but NODE_CHILDREN_CHANGED and stays; its
 * event names the changed path. The same watcher of the same session fires once per change however
 * many of its watches match.
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

    /** Removed is a watch removed on its session's request, with the event that tells its watcher. */
    public record Removed<W>(W watcher, EventType type) {
    }

    private final Map<String, LinkedHashSet<Watch<W>>> dataWatches = new HashMap<>();
    private final Map<String, LinkedHashSet<Watch<W>>> childWatches = new HashMap<>();
    private final Map<String, LinkedHashSet<Watch<W>>> persistentWatches = new HashMap<>();
    private final Map<String, LinkedHashSet<Watch<W>>> recursiveWatches = new HashMap<>();
    private final Map<Long, Set<String>> pathsBySession = new HashMap<>();
    // Invariant: count equals the number of entries in the four tables together.
    private int count;
    // Invariant: the entries of each session in the four tables together; no zero values.
    private final Map<Long, Integer> countBySession = new HashMap<>();

    /** Leaves a data watch (exists / getData) on {@code path}. */
    public void addDataWatch(String path, long sessionId, W watcher) {
        add(dataWatches, path, sessionId, watcher);
    }

    /** Leaves a child watch (getChildren) on {@code path}. */
    public void addChildWatch(String path, long sessionId, W watcher) {
        add(childWatches, path, sessionId, watcher);
    }

    /** Leaves a persistent watch on {@code path}, recursive or not; adding it again changes nothing. */
    public void addPersistentWatch(String path, long sessionId, W watcher, boolean recursive) {
        add(recursive ? recursiveWatches : persistentWatches, path, sessionId, watcher);
    }

    private void add(Map<String, LinkedHashSet<Watch<W>>> table, String path, long sessionId, W watcher) {
        if (table.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(new Watch<>(sessionId, watcher))) {
            count++;
            countFor(sessionId, 1);
            pathsBySession.computeIfAbsent(sessionId, s -> new HashSet<>()).add(path);
        }
    }

    /**
     * Returns the watches {@code change} fires, as applied in transaction {@code zxid}, removing the
     * one-shot ones.
     */
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
        List<Watch<W>> oneShot = fired == null ? List.of() : new ArrayList<>(fired);
        fired = union(persistentWatches.get(path), fired);
        if (type != EventType.NODE_CHILDREN_CHANGED && !recursiveWatches.isEmpty()) {
            for (String p = path; ; p = PathRules.parent(p)) {
                fired = union(recursiveWatches.get(p), fired);
                if (p.equals(PathRules.ROOT)) {
                    break;
                }
            }
        }
        if (fired == null) {
            return List.of();
        }
        List<Fired<W>> out = new ArrayList<>(fired.size());
        for (Watch<W> w : fired) {
            out.add(new Fired<>(w.sessionId(), w.watcher(), type, path, zxid));
        }
        for (Watch<W> w : oneShot) {
            forgetIfUnwatched(w.sessionId(), path);
        }
        return out;
    }

    private LinkedHashSet<Watch<W>> union(LinkedHashSet<Watch<W>> watches, LinkedHashSet<Watch<W>> into) {
        if (watches == null) {
            return into;
        }
        if (into == null) {
            into = new LinkedHashSet<>();
        }
        into.addAll(watches);
        return into;
    }

    private void forgetIfUnwatched(long sessionId, String path) {
        if (watchedBy(dataWatches, path, sessionId) || watchedBy(childWatches, path, sessionId)
                || watchedBy(persistentWatches, path, sessionId) || watchedBy(recursiveWatches, path, sessionId)) {
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
        for (Watch<W> w : watches) {
            countFor(w.sessionId(), -1);
        }
        return union(watches, into);
    }

    /**
     * Removes the watches of {@code type} that session {@code sessionId} left on {@code path}: those of
     * {@code watcher}, or all of them if it is null. Returns what was removed (empty if nothing).
     */
    public List<Removed<W>> remove(String path, long sessionId, W watcher, WatcherType type) {
        List<Removed<W>> out = new ArrayList<>();
        if (type == WatcherType.DATA || type == WatcherType.ANY) {
            removeFrom(dataWatches, path, sessionId, watcher, EventType.DATA_WATCH_REMOVED, out);
        }
        if (type == WatcherType.CHILDREN || type == WatcherType.ANY) {
            removeFrom(childWatches, path, sessionId, watcher, EventType.CHILD_WATCH_REMOVED, out);
        }
        if (type == WatcherType.PERSISTENT || type == WatcherType.ANY) {
            removeFrom(persistentWatches, path, sessionId, watcher, EventType.PERSISTENT_WATCH_REMOVED, out);
        }
        if (type == WatcherType.PERSISTENT_RECURSIVE || type == WatcherType.ANY) {
            removeFrom(recursiveWatches, path, sessionId, watcher, EventType.PERSISTENT_WATCH_REMOVED, out);
        }
        if (!out.isEmpty()) {
            forgetIfUnwatched(sessionId, path);
        }
        return out;
    }

    private void removeFrom(Map<String, LinkedHashSet<Watch<W>>> table, String path, long sessionId, W watcher,
                            EventType told, List<Removed<W>> out) {
        LinkedHashSet<Watch<W>> watches = table.get(path);
        if (watches == null) {
            return;
        }
        for (Iterator<Watch<W>> it = watches.iterator(); it.hasNext(); ) {
            Watch<W> w = it.next();
            if (w.sessionId() == sessionId && (watcher == null || w.watcher().equals(watcher))) {
                it.remove();
                count--;
                countFor(sessionId, -1);
                Removed<W> removed = new Removed<>(w.watcher(), told);
                if (!out.contains(removed)) {
                    out.add(removed);
                }
            }
        }
        if (watches.isEmpty()) {
            table.remove(path);
        }
    }

    /** Drops every watch of a session (closed or expired). */
    public void removeSession(long sessionId) {
        countBySession.remove(sessionId);
        Set<String> paths = pathsBySession.remove(sessionId);
        if (paths == null) {
            return;
        }
        for (String path : paths) {
            removeSessionFrom(dataWatches, path, sessionId);
            removeSessionFrom(childWatches, path, sessionId);
            removeSessionFrom(persistentWatches, path, sessionId);
            removeSessionFrom(recursiveWatches, path, sessionId);
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

    /** Every path with a one-shot or non-recursive persistent watch, sorted. */
    public List<String> watchedPaths() {
        java.util.TreeSet<String> paths = new java.util.TreeSet<>(dataWatches.keySet());
        paths.addAll(childWatches.keySet());
        paths.addAll(persistentWatches.keySet());
        return new ArrayList<>(paths);
    }

    /** Every path with a recursive persistent watch, sorted. */
    public List<String> recursiveRoots() {
        return new ArrayList<>(new java.util.TreeSet<>(recursiveWatches.keySet()));
    }

    /** The number of watches session {@code sessionId} has registered. */
    public int sessionWatchCount(long sessionId) {
        return countBySession.getOrDefault(sessionId, 0);
    }

    private void countFor(long sessionId, int delta) {
        int n = countBySession.getOrDefault(sessionId, 0) + delta;
        if (n == 0) {
            countBySession.remove(sessionId);
        } else {
            countBySession.put(sessionId, n);
        }
    }

    /** The number of registered watches. */
    public int size() {
        return count;
    }

    /** Listed is one registered watch, for reports: its path, its table and its session. */
    public record Listed(String path, String kind, long sessionId) {
    }

    /**
     * Every registered watch, sorted by path, then kind ({@code data}, {@code child}, {@code persistent},
     * {@code persistentRecursive}), then session id. Allocates a list of {@link #size()} entries.
     */
    public List<Listed> list() {
        List<Listed> listed = new ArrayList<>(count);
        addListed(listed, dataWatches, "data");
        addListed(listed, childWatches, "child");
        addListed(listed, persistentWatches, "persistent");
        addListed(listed, recursiveWatches, "persistentRecursive");
        List<String> kinds = List.of("data", "child", "persistent", "persistentRecursive");
        listed.sort(java.util.Comparator.comparing(Listed::path)
                .thenComparingInt((Listed l) -> kinds.indexOf(l.kind()))
                .thenComparingLong(Listed::sessionId));
        return listed;
    }

    private void addListed(List<Listed> listed, Map<String, LinkedHashSet<Watch<W>>> table, String kind) {
        for (Map.Entry<String, LinkedHashSet<Watch<W>>> e : table.entrySet()) {
            for (Watch<W> w : e.getValue()) {
                listed.add(new Listed(e.getKey(), kind, w.sessionId()));
            }
        }
    }
}
