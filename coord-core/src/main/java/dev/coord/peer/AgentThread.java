package dev.coord.peer;

/**
 * AgentThread is the thread that owns one peer's state. Blocking API calls made on it would wait for
 * itself, so the public API refuses them there (see {@link #isCurrent()}).
 */
public final class AgentThread extends Thread {
    AgentThread(Runnable body, String name) {
        super(body, name);
        setDaemon(true);
    }

    /** True when the calling thread is some peer's agent thread. */
    public static boolean isCurrent() {
        return Thread.currentThread() instanceof AgentThread;
    }
}
