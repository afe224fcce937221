package dev.coord.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SessionTracker decides when sessions expire: each live session has a deadline, pushed forward by
 * every heartbeat ({@link #touch}); a session whose deadline has passed is due to be closed by the
 * leader. Time is always an argument.
 *
 * <p>Called only on the peer's agent thread. Expiry order is by session id, never hash order.
 */
public final class SessionTracker {
    /** Tracked is one session's timeout and current deadline. */
    private static final class Tracked {
        final long timeoutMs;
        long deadlineMs;

        Tracked(long timeoutMs, long deadlineMs) {
            this.timeoutMs = timeoutMs;
            this.deadlineMs = deadlineMs;
        }
    }

    private final Map<Long, Tracked> sessions = new TreeMap<>();

    /** Starts tracking a session, alive as of {@code nowMs}. */
    public void add(long sessionId, long timeoutMs, long nowMs) {
        sessions.put(sessionId, new Tracked(timeoutMs, nowMs + timeoutMs));
    }

    /** Stops tracking a session (closed or expired). */
    public void remove(long sessionId) {
        sessions.remove(sessionId);
    }

    /** Records a heartbeat: the session is alive as of {@code nowMs}. Returns false if it is not tracked. */
    public boolean touch(long sessionId, long nowMs) {
        Tracked t = sessions.get(sessionId);
        if (t == null) {
            return false;
        }
        t.deadlineMs = Math.max(t.deadlineMs, nowMs + t.timeoutMs);
        return true;
    }

    /**
     * Restarts every session's timer as of {@code nowMs}: a new leader does this when it takes over, so
     * that time without a leader expires no session by itself.
     */
    public void restartAll(long nowMs) {
        for (Tracked t : sessions.values()) {
            t.deadlineMs = nowMs + t.timeoutMs;
        }
    }

    /** The sessions whose deadline is before {@code nowMs}, by id; they stay tracked until removed. */
    public List<Long> expired(long nowMs) {
        List<Long> out = new ArrayList<>();
        for (Map.Entry<Long, Tracked> e : sessions.entrySet()) {
            if (e.getValue().deadlineMs < nowMs) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** True if the session is tracked. */
    public boolean contains(long sessionId) {
        return sessions.containsKey(sessionId);
    }

    /** The number of tracked sessions. */
    public int size() {
        return sessions.size();
    }
}
