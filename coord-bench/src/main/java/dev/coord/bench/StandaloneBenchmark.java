package dev.coord.bench;

import dev.coord.Coordinator;
import dev.coord.CreateMode;
import dev.coord.Durability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * StandaloneBenchmark measures an embedded standalone Coordinator on disk: create and setData
 * throughput with 1, 16 and 128 requests in flight and latency percentiles at 1 in flight, with FSYNC
 * and with NONE, and getData throughput on one and two threads. Each figure is the median of several
 * rounds (each round a fresh peer on a fresh directory, after a warm-up); the range is printed beside
 * it.
 *
 * <p>Usage: {@code java -jar coord-bench/target/coord-bench.jar [--seconds S] [--rounds R] [--dir D]}
 */
public final class StandaloneBenchmark {
    private static final byte[] PAYLOAD = new byte[100];
    private static final int SET_KEYS = 1000;

    private final double seconds;
    private final int rounds;
    private final Path baseDir;

    private StandaloneBenchmark(double seconds, int rounds, Path baseDir) {
        this.seconds = seconds;
        this.rounds = rounds;
        this.baseDir = baseDir;
    }

    public static void main(String[] args) throws Exception {
        double seconds = 3;
        int rounds = 3;
        Path dir = Path.of("target", "bench-data");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        new StandaloneBenchmark(seconds, rounds, dir).run();
    }

    private void run() throws Exception {
        System.out.printf("Coord standalone benchmark: %d cores, Java %s, %.1f s per measurement, median of %d rounds%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds, rounds);
        System.out.printf("%-34s %14s %30s%n", "figure", "median", "range over rounds");
        for (Durability durability : Durability.values()) {
            List<Result> results = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                results.add(round(durability, round));
            }
            report(durability, results);
        }
    }

    /** One round: a fresh peer, every write figure, then reads. */
    private Result round(Durability durability, int round) throws Exception {
        Path dir = baseDir.resolve(durability + "-" + round);
        deleteRecursively(dir);
        Result r = new Result();
        try (Coordinator coord = Coordinator.builder().dataDir(dir).durability(durability).start()) {
            coord.create("/bench", null, CreateMode.PERSISTENT);
            for (int i = 0; i < SET_KEYS; i++) {
                coord.create("/bench/k" + i, PAYLOAD, CreateMode.PERSISTENT);
            }
            AtomicLong seq = new AtomicLong();
            LongFunction<CompletableFuture<?>> create = n -> coord.createAsync("/bench/c" + seq.incrementAndGet(), PAYLOAD, CreateMode.PERSISTENT, 0);
            LongFunction<CompletableFuture<?>> set = n -> coord.setDataAsync("/bench/k" + (n % SET_KEYS), PAYLOAD, -1);
            measureLatency(create, seconds / 3); // warm-up
            r.createLatency = measureLatency(create, seconds);
            r.setLatency = measureLatency(set, seconds);
            for (int inFlight : new int[] {16, 128}) {
                r.createThroughput.add(measureThroughput(create, inFlight, seconds));
                r.setThroughput.add(measureThroughput(set, inFlight, seconds));
            }
            r.getData1 = measureReads(coord, 1, seconds);
            r.getData2 = measureReads(coord, 2, seconds);
        }
        deleteRecursively(dir);
        return r;
    }

    private static Histogram measureLatency(LongFunction<CompletableFuture<?>> op, double seconds) {
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
     * Keeps {@code inFlight} requests outstanding: each completion issues the next request from its
     * callback (on the peer's agent thread, as an async application would), so no benchmark thread
     * hand-off sits in the measured path.
     */
    private static double measureThroughput(LongFunction<CompletableFuture<?>> op, int inFlight, double seconds)
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
            throw new IllegalStateException("a benchmark write failed", failure.join());
        }
        return completed.get() / (elapsed / 1e9);
    }

    private static double measureReads(Coordinator coord, int threads, double seconds) throws InterruptedException {
        String[] keys = new String[SET_KEYS];
        for (int i = 0; i < SET_KEYS; i++) {
            keys[i] = "/bench/k" + i;
        }
        AtomicLong total = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                long count = 0;
                while ((count & 1023) != 0 || System.nanoTime() < end) {
                    coord.getData(keys[(int) (count % SET_KEYS)]);
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

    private void report(Durability durability, List<Result> results) {
        String d = durability.name();
        row(d + " create 1 in flight (ops/s)", results, r -> 1e9 / r.createLatency.getMean(), "%,.0f");
        row(d + " create p50 (ms)", results, r -> r.createLatency.getValueAtPercentile(50) / 1e6, "%.3f");
        row(d + " create p99 (ms)", results, r -> r.createLatency.getValueAtPercentile(99) / 1e6, "%.3f");
        row(d + " create p999 (ms)", results, r -> r.createLatency.getValueAtPercentile(99.9) / 1e6, "%.3f");
        row(d + " create 16 in flight (ops/s)", results, r -> r.createThroughput.get(0), "%,.0f");
        row(d + " create 128 in flight (ops/s)", results, r -> r.createThroughput.get(1), "%,.0f");
        row(d + " setData 1 in flight (ops/s)", results, r -> 1e9 / r.setLatency.getMean(), "%,.0f");
        row(d + " setData p50 (ms)", results, r -> r.setLatency.getValueAtPercentile(50) / 1e6, "%.3f");
        row(d + " setData p99 (ms)", results, r -> r.setLatency.getValueAtPercentile(99) / 1e6, "%.3f");
        row(d + " setData p999 (ms)", results, r -> r.setLatency.getValueAtPercentile(99.9) / 1e6, "%.3f");
        row(d + " setData 16 in flight (ops/s)", results, r -> r.setThroughput.get(0), "%,.0f");
        row(d + " setData 128 in flight (ops/s)", results, r -> r.setThroughput.get(1), "%,.0f");
        row(d + " getData 1 thread (ops/s)", results, r -> r.getData1, "%,.0f");
        row(d + " getData 2 threads (ops/s)", results, r -> r.getData2, "%,.0f");
    }

    private static void row(String name, List<Result> results, java.util.function.ToDoubleFunction<Result> f, String format) {
        double[] values = results.stream().mapToDouble(f).sorted().toArray();
        double median = values[values.length / 2];
        String range = String.format(format, values[0]) + " .. " + String.format(format, values[values.length - 1]);
        System.out.printf("%-34s %14s %30s%n", name, String.format(format, median), range);
    }

    private static void deleteRecursively(Path dir) throws IOException {
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

    /** Result holds one round's figures. */
    private static final class Result {
        Histogram createLatency;
        Histogram setLatency;
        final List<Double> createThroughput = new ArrayList<>();
        final List<Double> setThroughput = new ArrayList<>();
        double getData1;
        double getData2;
    }
}
