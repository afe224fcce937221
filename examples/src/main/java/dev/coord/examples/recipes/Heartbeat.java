package dev.coord.examples.recipes;

import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.Session;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeat keeps a {@link Session.KeepAlive#MANUAL} session alive from a thread of its own, the way a
 * process's main loop would; {@link #stop()} stands for the process dying (or pausing): the session
 * then expires one session timeout later, and with it every lock and leadership it held.
 */
final class Heartbeat implements AutoCloseable {
    private final Session session;
    private final ScheduledExecutorService timer;

    private Heartbeat(Session session) {
        this.session = session;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-0x" + Long.toHexString(session.sessionId()));
            t.setDaemon(true);
            return t;
        });
        long periodMs = Math.max(50, session.timeoutMs() / 5);
        timer.scheduleAtFixedRate(session::keepAlive, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Opens a MANUAL session of {@code timeout} on {@code coord} and keeps it alive. */
    static Heartbeat open(Coordinator coord, Duration timeout) {
        return new Heartbeat(coord.openSession(timeout, Session.KeepAlive.MANUAL));
    }

    Session session() {
        return session;
    }

    /** Stops keeping the session alive: it expires one session timeout later. */
    void stop() {
        timer.shutdownNow();
    }

    /** Stops the heartbeat and closes the session. */
    @Override
    public void close() {
        stop();
        try {
            session.close();
        } catch (CoordException.SessionExpiredException e) {
            // it expired after stop(): nothing left to close
        }
    }
}
