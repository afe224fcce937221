package dev.coord.bench;

import dev.coord.Coordinator;
import dev.coord.CreateMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * WriteWorkload is the write half of a benchmark round, the same for every ensemble shape: 1,000 keys
 * of 100 bytes under /bench, then creates of new nodes and setData of those keys, warmed up and then
 * measured at 1 in flight (latency) and at 16 and 128 in flight (throughput).
 */
final class WriteWorkload {
    static final byte[] PAYLOAD = new byte[100];
    static final int KEYS = 1000;

    /** Figures is what one round measured. */
    record Figures(Histogram createLatency, Histogram setLatency, List<Double> createThroughput, List<Double> setThroughput) {
    }

    private WriteWorkload() {
    }

    /** Creates /bench and its keys; returns the keys' paths. */
    static String[] prepareKeys(Coordinator coord) {
        coord.create("/bench", null, CreateMode.PERSISTENT);
        String[] keys = new String[KEYS];
        List<CompletableFuture<String>> creates = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "/bench/k" + i;
            creates.add(coord.createAsync(keys[i], PAYLOAD, CreateMode.PERSISTENT, 0));
        }
        CompletableFuture.allOf(creates.toArray(CompletableFuture[]::new)).join();
        return keys;
    }

    /** Warms up, then measures creates and setData of {@code keys} for {@code seconds} each. */
    static Figures measure(Coordinator coord, String[] keys, double seconds) throws InterruptedException {
        AtomicLong seq = new AtomicLong();
        LongFunction<CompletableFuture<?>> create = n -> coord.createAsync("/bench/c" + seq.incrementAndGet(), PAYLOAD, CreateMode.PERSISTENT, 0);
        LongFunction<CompletableFuture<?>> set = n -> coord.setDataAsync(keys[(int) (n % keys.length)], PAYLOAD, -1);
        // Warm-up: enough operations through every peer's code paths for the JIT (a 1-in-flight
        // warm-up of a second runs them only a few hundred times, leaving them interpreted).
        Measurements.throughput(create, 128, Math.max(2, seconds));
        Measurements.throughput(set, 128, Math.max(2, seconds));
        Measurements.latency(create, Math.max(1, seconds / 3));
        Histogram createLatency = Measurements.latency(create, seconds);
        Histogram setLatency = Measurements.latency(set, seconds);
        List<Double> createThroughput = new ArrayList<>();
        List<Double> setThroughput = new ArrayList<>();
        for (int inFlight : new int[] {16, 128}) {
            createThroughput.add(Measurements.throughput(create, inFlight, seconds));
            setThroughput.add(Measurements.throughput(set, inFlight, seconds));
        }
        return new Figures(createLatency, setLatency, createThroughput, setThroughput);
    }
}
