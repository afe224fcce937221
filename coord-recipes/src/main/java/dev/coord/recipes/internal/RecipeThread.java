package dev.coord.recipes.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RecipeThread is the one thread of a background recipe (an election, a cache, a membership): every
 * watch event, session change and call of the recipe becomes a task run here, one at a time, in the
 * order posted, so the recipe's state needs no lock; its listeners are called here too. A task that
 * throws is logged and the thread goes on.
 *
 * <p>{@link #execute} may be called from any thread; tasks posted after {@link #close()} are dropped.
 */
public final class RecipeThread implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecipeThread.class);
    private static final Runnable STOP = () -> { };

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    public RecipeThread(String name) {
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void execute(Runnable task) {
        offer(task);
    }

    /** Queues {@code task}; false (and dropped) once closed. */
    public synchronized boolean offer(Runnable task) {
        if (closed) {
            return false;
        }
        queue.add(task);
        return true;
    }

    /**
     * Runs {@code task} on this thread and waits for it, rethrowing what it throws; runs it inline when
     * called on this thread already (from a listener, say). Does nothing once closed.
     */
    public void runAndWait(Runnable task) {
        if (isCurrent()) {
            task.run();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean accepted = offer(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        if (!accepted) {
            return;
        }
        try {
            done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** True when called on this recipe's thread. */
    public boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        while (true) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task == STOP) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.warn("A task or listener of {} threw (the recipe goes on): {}", thread.getName(), e.toString(), e);
            }
        }
    }

    /** Lets the tasks already posted run, then ends the thread; does not wait for it. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            queue.add(STOP);
        }
    }
}
