package dev.coord.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * CompareWorkload is the data workload of {@link Compare}, one code path for both sides (a
 * {@link Store}): 1,000 keys of 100 bytes under /bench; creates of new nodes and setData of the keys at
 * 1, 16 and 128 in flight (latency percentiles at 1); getData of the keys at 1 and 128 in flight.
 * Each part is warmed up first (the warm-up is discarded) and then measured for a fixed time.
 *
 * <p>Figures come back as a name-to-value map ({@link #toLine}/{@link #parseLine} carry it over a
 * child's stdout); names are listed in {@link #WRITE_FIGURES} and {@link #READ_FIGURES}.
 */
final class CompareWorkload {
    static final byte[] PAYLOAD = new byte[100];
    static final int KEYS = 1000;
    static final int[] WRITE_IN_FLIGHT = {1, 16, 128};
    static final int[] READ_IN_FLIGHT = {1, 128};

    /** The write figures: ops/s at each in-flight count and ms percentiles at 1 in flight, per operation. */
    static final List<String> WRITE_FIGURES = List.of(
            "create.1", "create.16", "create.128", "create.p50ms", "create.p99ms", "create.p999ms",
            "setData.1", "setData.16", "setData.128", "setData.p50ms", "setData.p99ms", "setData.p999ms");
    /** The read figures: getData ops/s at 1 and 128 in flight. */
    static final List<String> READ_FIGURES = List.of("getData.1", "getData.128");

    private CompareWorkload() {
    }

    /** Creates /bench and its {@link #KEYS} keys of 100 bytes; returns the keys' paths. */
    static String[] prepareKeys(Store store) {
        store.create("/bench", new byte[0]).join();
        String[] keys = new String[KEYS];
        List<CompletableFuture<?>> creates = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "/bench/k" + i;
            creates.add(store.create(keys[i], PAYLOAD));
        }
        CompletableFuture.allOf(creates.toArray(CompletableFuture[]::new)).join();
        return keys;
    }

    /**
     * Warms up ({@code warmup} seconds at 128 in flight for each operation, then a third of that at 1),
     * then measures creates and setData for {@code seconds} at each in-flight count.
     */
    static Map<String, Double> writes(Store store, String[] keys, double seconds, double warmup) throws InterruptedException {
        AtomicLong seq = new AtomicLong();
        LongFunction<CompletableFuture<?>> create = n -> store.create("/bench/c" + seq.incrementAndGet(), PAYLOAD);
        LongFunction<CompletableFuture<?>> set = n -> store.setData(keys[(int) (n % keys.length)], PAYLOAD);
        inFlight(create, 128, warmup);
        inFlight(set, 128, warmup);
        Measurements.latency(create, warmup / 3);
        Map<String, Double> figures = new LinkedHashMap<>();
        latency(figures, "create", create, seconds);
        latency(figures, "setData", set, seconds);
        for (int k : new int[] {16, 128}) {
            figures.put("create." + k, inFlight(create, k, seconds));
            figures.put("setData." + k, inFlight(set, k, seconds));
        }
        return figures;
    }

    /**
     * Warms up (half of {@code warmup} at 128 in flight, a third at 1), then measures getData of
     * {@code keys} for {@code seconds} at 1 and 128 in flight.
     */
    static Map<String, Double> reads(Store store, String[] keys, double seconds, double warmup) throws InterruptedException {
        LongFunction<CompletableFuture<?>> get = n -> store.getData(keys[(int) (n % keys.length)]);
        inFlight(get, 128, warmup / 2);
        Measurements.latency(get, warmup / 3);
        Map<String, Double> figures = new LinkedHashMap<>();
        Histogram h = Measurements.latency(get, seconds);
        figures.put("getData.1", h.getTotalCount() / seconds);
        figures.put("getData.128", inFlight(get, 128, seconds));
        return figures;
    }

    private static void latency(Map<String, Double> figures, String name, LongFunction<CompletableFuture<?>> op,
            double seconds) {
        long started = System.nanoTime();
        Histogram h = Measurements.latency(op, seconds);
        double elapsed = (System.nanoTime() - started) / 1e9;
        figures.put(name + ".1", h.getTotalCount() / elapsed);
        figures.put(name + ".p50ms", h.getValueAtPercentile(50) / 1e6);
        figures.put(name + ".p99ms", h.getValueAtPercentile(99) / 1e6);
        figures.put(name + ".p999ms", h.getValueAtPercentile(99.9) / 1e6);
    }

    /**
     * Keeps {@code k} requests outstanding for {@code seconds} and returns completions per second. Each
     * completion issues the next request from its callback; a request that completed before its call
     * returned (a local read) is followed in a loop, not by recursion.
     *
     * @throws IllegalStateException if any request failed
     */
    static double inFlight(LongFunction<CompletableFuture<?>> op, int k, double seconds) throws InterruptedException {
        AtomicLong seq = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        CountDownLatch drained = new CountDownLatch(k);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long started = System.nanoTime();
        long end = started + (long) (seconds * 1e9);
        final class Lane implements BiConsumer<Object, Throwable> {
            void next() {
                while (true) {
                    if (System.nanoTime() >= end || failure.get() != null) {
                        drained.countDown();
                        return;
                    }
                    CompletableFuture<?> f = op.apply(seq.getAndIncrement());
                    if (!f.isDone() || f.isCompletedExceptionally()) {
                        f.whenComplete(this);
                        return;
                    }
                    completed.incrementAndGet();
                }
            }

            @Override
            public void accept(Object value, Throwable error) {
                if (error != null) {
                    failure.compareAndSet(null, error);
                    drained.countDown();
                    return;
                }
                completed.incrementAndGet();
                next();
            }
        }
        for (int i = 0; i < k; i++) {
            new Lane().next();
        }
        drained.await();
        long elapsed = System.nanoTime() - started;
        if (failure.get() != null) {
            throw new IllegalStateException("a benchmark request failed", failure.get());
        }
        return completed.get() / (elapsed / 1e9);
    }

    /** One line {@code <tag> name=value ...} for a child's stdout. */
    static String toLine(String tag, Map<String, Double> figures) {
        StringBuilder b = new StringBuilder(tag);
        figures.forEach((name, value) -> b.append(' ').append(name).append('=').append(String.format(Locale.ROOT, "%.6g", value)));
        return b.toString();
    }

    /** The figures of a {@link #toLine} line. */
    static Map<String, Double> parseLine(String line) {
        Map<String, Double> figures = new LinkedHashMap<>();
        String[] words = line.trim().split("\\s+");
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("not a figure line: " + line);
            }
            figures.put(words[i].substring(0, eq), Double.parseDouble(words[i].substring(eq + 1)));
        }
        return figures;
    }
}
