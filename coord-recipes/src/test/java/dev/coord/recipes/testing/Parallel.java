package dev.coord.recipes.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Parallel runs one task per worker on its own thread, all released at once, and waits for all of
 * them with a deadline; a worker's failure fails the test with that worker's exception.
 */
public final class Parallel {
    /** Worker is the body of worker number {@code index}. */
    @FunctionalInterface
    public interface Worker {
        void run(int index) throws Exception;
    }

    private Parallel() {
    }

    /** Runs {@code workers} copies of {@code body} at once and waits up to {@code timeout} for all. */
    public static void run(int workers, Duration timeout, Worker body) {
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "worker");
            t.setDaemon(true);
            return t;
        });
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Thread.currentThread().setName("worker-" + index);
                    go.await();
                    body.run(index);
                    return null;
                }));
            }
            go.countDown();
            long deadline = System.nanoTime() + timeout.toNanos();
            AssertionError failure = null;
            for (Future<?> f : futures) {
                try {
                    f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    AssertionError error = new AssertionError("a worker failed: " + e.getCause(), e.getCause());
                    if (failure == null) {
                        failure = error;
                    } else {
                        failure.addSuppressed(error);
                    }
                } catch (TimeoutException e) {
                    AssertionError error = new AssertionError("workers did not finish within " + timeout);
                    if (failure == null) {
                        failure = error;
                    } else {
                        failure.addSuppressed(error);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
