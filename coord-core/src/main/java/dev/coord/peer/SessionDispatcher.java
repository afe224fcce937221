package dev.coord.peer;

import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SessionDispatcher runs one session's watch callbacks and state listeners, one at a time, in the order
 * they were posted, on the session's own thread (started at the first event, ended after
 * {@link #shutdown()}). A slow callback delays only this session.
 *
 * <p>{@link #post} may be called from any thread; the agent thread posts in zxid order.
 */
final class SessionDispatcher implements CallbackQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SessionDispatcher.class);
    private static final Runnable STOP = () -> { };

    private final String name;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    // Invariant: started only once; guarded by this.
    private Thread thread;
    private boolean stopped;

    SessionDispatcher(String name) {
        this.name = name;
    }

    /** Queues {@code callback}; ignored once shut down. */
    @Override
    public synchronized void post(Runnable callback) {
        if (stopped) {
            return;
        }
        if (thread == null) {
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        }
        queue.add(callback);
    }

    /** Lets the callbacks already posted run, then ends the thread. */
    @Override
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (thread != null) {
            queue.add(STOP);
        }
    }

    private void run() {
        while (true) {
            Runnable callback;
            try {
                callback = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (callback == STOP) {
                return;
            }
            try {
                callback.run();
            } catch (RuntimeException | Error e) {
                LOG.warn("A watcher or session listener of {} threw; fix the callback (events continue): {}", name, e.toString(), e);
            }
        }
    }
}
