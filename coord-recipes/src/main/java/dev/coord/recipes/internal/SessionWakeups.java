package dev.coord.recipes.internal;

import dev.coord.CoordClient;
import dev.coord.SessionListener;
import dev.coord.SessionState;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SessionWakeups hands out {@link Wakeup}s that also fire on every state change of one session, so a
 * recipe waiting behind a watch re-checks when its session is suspended, reconnects or ends. A waiter
 * takes a wakeup, then checks the session state and reads (so no change falls between), then waits,
 * then gives the wakeup back with {@link #done}.
 *
 * <p>Thread-safe. Registered as a listener of the session until {@link #close()}.
 */
public final class SessionWakeups implements SessionListener, AutoCloseable {
    private final CoordClient client;
    private final Set<Wakeup> waiting = ConcurrentHashMap.newKeySet();

    public SessionWakeups(CoordClient client) {
        this.client = client;
        client.addSessionListener(this);
    }

    /** A new wakeup, fired by the next watch event it is given to or the next session state change. */
    public Wakeup take() {
        Wakeup w = new Wakeup();
        waiting.add(w);
        return w;
    }

    /** Forgets {@code wakeup}: its waiter stopped waiting. */
    public void done(Wakeup wakeup) {
        waiting.remove(wakeup);
    }

    @Override
    public void stateChanged(SessionState state) {
        for (Wakeup w : waiting) {
            w.fire();
        }
    }

    /** Wakes every waiter (the recipe is closing). */
    public void fireAll() {
        stateChanged(null);
    }

    @Override
    public void close() {
        client.removeSessionListener(this);
        fireAll();
    }
}
