package dev.coord.zab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * History is the ZAB state machine's view of its peer's log: the summary of what the log holds, the
 * commit point, and an in-memory window of the latest entries (zxid and payload) from which the
 * leader answers a learner with DIFF and commits what it proposed.
 *
 * <p>Invariant: every entry after {@code lastCommitted} is in the window (uncommitted entries are
 * never evicted); the window holds at most {@code windowSize} committed entries; the window's entries
 * are exactly the last entries of the log.
 */
public final class History {
    private final int windowSize;
    private final TreeMap<Long, byte[]> window = new TreeMap<>();
    // Invariant: the log entry just before window.firstKey() (or the last entry when the window is empty).
    private long windowPrev;
    private EpochSummary summary;
    private long lastCommitted;

    /**
     * A history whose log is summarised by {@code summary}, committed up to {@code lastCommitted}, with
     * {@code recent} as the log's last entries and {@code windowPrev} the log entry just before the
     * first of them (the base when they are all the log holds after it).
     */
    public History(int windowSize, EpochSummary summary, long lastCommitted, Map<Long, byte[]> recent, long windowPrev) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be at least 1");
        }
        this.windowSize = windowSize;
        this.summary = summary;
        this.lastCommitted = lastCommitted;
        this.window.putAll(recent);
        this.windowPrev = recent.isEmpty() ? summary.lastZxid() : windowPrev;
        if (!window.isEmpty() && (window.lastKey() != summary.lastZxid() || window.firstKey() <= this.windowPrev)) {
            throw new IllegalArgumentException("the window must be the log's last entries");
        }
    }

    /** An empty history (a new peer). */
    public static History empty(int windowSize) {
        return new History(windowSize, new EpochSummary(0, List.of()), 0, Map.of(), 0);
    }

    public EpochSummary summary() {
        return summary;
    }

    public long lastZxid() {
        return summary.lastZxid();
    }

    public long lastCommitted() {
        return lastCommitted;
    }

    void append(long zxid, byte[] payload) {
        if (zxid <= lastZxid()) {
            throw new IllegalStateException("append of " + Zxid.hex(zxid) + " after " + Zxid.hex(lastZxid()));
        }
        if (window.isEmpty()) {
            windowPrev = lastZxid();
        }
        summary = summary.append(zxid);
        window.put(zxid, payload);
        evict();
    }

    void truncateAfter(long zxid) {
        if (zxid < lastCommitted) {
            throw new IllegalStateException("truncation to " + Zxid.hex(zxid) + " below the commit point " + Zxid.hex(lastCommitted));
        }
        summary = summary.truncateAfter(zxid);
        window.tailMap(zxid, false).clear();
        if (window.isEmpty() || zxid < windowPrev) {
            window.clear();
            windowPrev = zxid;
        }
    }

    /** Replaces everything with a snapshot's state at {@code zxid}. */
    void reset(long zxid) {
        summary = new EpochSummary(zxid, List.of());
        window.clear();
        windowPrev = zxid;
        lastCommitted = zxid;
    }

    /**
     * Advances the commit point to {@code zxid} (at most the last entry) and returns the entries newly
     * committed, in order.
     */
    List<Map.Entry<Long, byte[]>> commitUpTo(long zxid) {
        long target = Math.min(zxid, lastZxid());
        if (target <= lastCommitted) {
            return List.of();
        }
        List<Map.Entry<Long, byte[]>> out = new ArrayList<>(window.subMap(lastCommitted, false, target, true).entrySet());
        lastCommitted = target;
        evict();
        return out;
    }

    /** The entries after {@code zxid}, or null if the window does not reach back to just after it. */
    List<Map.Entry<Long, byte[]>> entriesAfter(long zxid) {
        if (zxid >= lastZxid()) {
            return List.of();
        }
        if (!coversAfter(zxid)) {
            return null;
        }
        return new ArrayList<>(window.tailMap(zxid, false).entrySet());
    }

    /** True if the window holds every entry the log holds after {@code zxid}. */
    boolean coversAfter(long zxid) {
        return zxid >= windowPrev;
    }

    /** True if the window holds entry {@code zxid}. */
    boolean has(long zxid) {
        return window.containsKey(zxid);
    }

    private void evict() {
        while (window.size() > windowSize && window.firstKey() <= lastCommitted) {
            windowPrev = window.pollFirstEntry().getKey();
        }
    }

    int windowCount() {
        return window.size();
    }
}
