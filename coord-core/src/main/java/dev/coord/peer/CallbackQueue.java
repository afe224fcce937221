package dev.coord.peer;

/**
 * CallbackQueue runs one session's watch callbacks and state listeners, one at a time, in the order they
 * were posted. Production uses a {@link SessionDispatcher} (a thread per session); the simulator runs
 * them as events of its own.
 */
public interface CallbackQueue {
    /** Queues {@code callback}; ignored once shut down. Any thread. */
    void post(Runnable callback);

    /** Lets the callbacks already posted run, then stops. Idempotent. */
    void shutdown();
}
