package dev.coord.admin;

import dev.coord.Coordinator;
import dev.coord.Session;
import java.time.Duration;

/**
 * AdminSession is the session the admin endpoint reads, writes and watches through: its own, so that
 * admin traffic never queues behind the application's requests in the default session's order and its
 * watch callbacks never run on the application's dispatcher. Opened at first use and opened again
 * after it expires; nodes created through the endpoint with an ephemeral mode belong to it.
 *
 * <p>Thread-safe.
 */
final class AdminSession {
    private final Coordinator coord;
    private final Duration timeout;
    private Session session;
    private boolean closed;

    AdminSession(Coordinator coord, Duration timeout) {
        this.coord = coord;
        this.timeout = timeout;
    }

    /** The live admin session, opened (again) if needed; a 503 once the endpoint is closing. */
    synchronized Session get() {
        if (closed) {
            throw new AdminError(503, "CLOSED", "the admin endpoint is closing", null);
        }
        if (session == null || session.state().isTerminal()) {
            session = coord.openSession(timeout);
        }
        return session;
    }

    /** Closes the session (deleting its ephemerals) if {@code closeSession}; later {@link #get()}s fail. */
    void close(boolean closeSession) {
        Session last;
        synchronized (this) {
            closed = true;
            last = session;
            session = null;
        }
        if (last != null && closeSession) {
            last.close();
        }
    }
}
