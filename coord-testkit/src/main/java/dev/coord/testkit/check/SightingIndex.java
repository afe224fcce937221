package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * SightingIndex is every node state any result of a history revealed, by path and mzxid, and which
 * paths anything in the history may delete. Facts about zxids hold whenever they were learned: a
 * sighting at mzxid {@code m} says the path was in that state once the write {@code m} took effect.
 */
final class SightingIndex {
    private final Map<String, TreeMap<Long, Sighting>> byPath = new HashMap<>();
    private final Set<String> deletable = new HashSet<>();

    SightingIndex(List<Entry> history, Set<String> knownPaths) {
        for (Entry e : history) {
            for (Sighting s : Observations.of(e, knownPaths).present) {
                byPath.computeIfAbsent(s.path(), p -> new TreeMap<>()).putIfAbsent(s.mzxid(), s);
            }
            for (Command op : HistoryFacts.ops(e.command())) {
                if (op instanceof Command.Delete d) {
                    deletable.add(d.path());
                }
            }
        }
    }

    /** The latest sighting of {@code path} at an mzxid at most {@code zxid}, or null. */
    Sighting latestBy(String path, long zxid) {
        TreeMap<Long, Sighting> sightings = byPath.get(path);
        var entry = sightings == null ? null : sightings.floorEntry(zxid);
        return entry == null ? null : entry.getValue();
    }

    /** The sightings of every path, each path's in mzxid order. */
    Map<String, TreeMap<Long, Sighting>> all() {
        return byPath;
    }

    /** True if some entry (whatever its result) deletes {@code path}, the only way a persistent node goes. */
    boolean deletable(String path) {
        return deletable.contains(path);
    }
}
