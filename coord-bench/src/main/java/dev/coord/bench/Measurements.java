package dev.coord.bench;

import dev.coord.CoordClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Measurements are the timing loops the benchmarks share: latency at one request in flight, throughput
 * with many in flight, and blocking reads on a few threads. Each loop runs for a wall-clock duration
 * given in seconds; an operation is a function of its sequence number returning the request's future.
 */
final class Measurements {
    private Measurements() {
    }

    /** Issues one request at a time for {@code seconds} and records each one's latency in nanoseconds. */
    static Histogram latency(LongFunction<CompletableFuture<?>> op, double seconds) {
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        while (true) {
            long start = System.nanoTime();
            if (start >= end) {
                break;
            }
            op.apply(n++).join();
            h.recordValue(System.nanoTime() - start);
        }
        return h;
    }

    /**
     * Keeps {@code inFlight} requests outstanding for {@code seconds} and returns completions per
     * second. Each completion issues the next request from its callback (on the peer's agent thread, as
     * an async application would), so no benchmark thread hand-off sits in the measured path.
     *
     * @throws IllegalStateException if any request failed
     */
    static double throughput(LongFunction<CompletableFuture<?>> op, int inFlight, double seconds)
            throws InterruptedException {
        AtomicLong issued = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        CountDownLatch drained = new CountDownLatch(inFlight);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        long started = System.nanoTime();
        long end = started + (long) (seconds * 1e9);
        Runnable[] issue = new Runnable[1];
        issue[0] = () -> op.apply(issued.getAndIncrement()).whenComplete((v, e) -> {
            if (e != null) {
                failure.complete(e);
                drained.countDown();
                return;
            }
            completed.incrementAndGet();
            if (System.nanoTime() < end) {
                issue[0].run();
            } else {
                drained.countDown();
            }
        });
        for (int i = 0; i < inFlight; i++) {
            issue[0].run();
        }
        drained.await();
        long elapsed = System.nanoTime() - started;
        if (failure.isDone()) {
            throw new IllegalStateException("a benchmark request failed", failure.join());
        }
        return completed.get() / (elapsed / 1e9);
    }

    /** Reads {@code keys} round-robin with blocking getData on {@code threads} threads; returns reads per second. */
    static double reads(CoordClient client, String[] keys, int threads, double seconds) throws InterruptedException {
        AtomicLong total = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                long count = 0;
                while ((count & 1023) != 0 || System.nanoTime() < end) {
                    client.getData(keys[(int) (count % keys.length)]);
                    count++;
                }
                total.addAndGet(count);
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return total.get() / ((System.nanoTime() - started) / 1e9);
    }

    /** Deletes {@code dir} and everything under it; does nothing if it does not exist. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
