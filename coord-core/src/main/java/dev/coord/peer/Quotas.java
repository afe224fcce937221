package dev.coord.peer;

import dev.coord.CoordException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Quotas counts what one peer's application holds against its {@link Limits}: requests outstanding
 * over all sessions, and sessions open or opening. Taking a unit beyond a limit is refused with a
 * LimitExceededException, never queued.
 *
 * <p>Thread-safe: taken on application threads, given back on the agent thread.
 */
final class Quotas {
    private final Limits limits;
    // Invariant: outstanding counts the counted requests submitted and not yet completed.
    private final AtomicInteger outstanding = new AtomicInteger();
    // Invariant: sessions counts the sessions opening or open that have not ended.
    private final AtomicInteger sessions = new AtomicInteger();

    Quotas(Limits limits) {
        this.limits = limits;
    }

    Limits limits() {
        return limits;
    }

    /**
     * Takes one outstanding request for a session that has {@code sessionOutstanding} already; returns
     * the refusal, or null when taken.
     */
    CoordException takeRequest(long sessionId, int sessionOutstanding) {
        if (sessionOutstanding >= limits.maxOutstandingPerSession()) {
            return new CoordException.LimitExceededException(null, "session 0x" + Long.toHexString(sessionId)
                    + " has " + sessionOutstanding + " requests outstanding, the limit (maxOutstandingPerSession); "
                    + "wait for some to complete");
        }
        if (outstanding.incrementAndGet() > limits.maxOutstandingPerPeer()) {
            outstanding.decrementAndGet();
            return new CoordException.LimitExceededException(null, "this peer has " + limits.maxOutstandingPerPeer()
                    + " requests outstanding over all its sessions, the limit (maxOutstandingPerPeer); wait for some to complete");
        }
        return null;
    }

    void requestCompleted() {
        outstanding.decrementAndGet();
    }

    /** Takes one session; returns the refusal, or null when taken. */
    CoordException takeSession() {
        if (sessions.incrementAndGet() > limits.maxSessionsPerPeer()) {
            sessions.decrementAndGet();
            return new CoordException.LimitExceededException(null, "this peer has " + limits.maxSessionsPerPeer()
                    + " sessions open, the limit (maxSessionsPerPeer); close one first");
        }
        return null;
    }

    void sessionEnded() {
        sessions.decrementAndGet();
    }

    int outstanding() {
        return outstanding.get();
    }

    int sessions() {
        return sessions.get();
    }
}
