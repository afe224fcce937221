package dev.coord.bench;

import dev.coord.Coordinator;
import dev.coord.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        FigureTable table = new FigureTable(System.out, false);
        table.header();
        for (Durability durability : Durability.values()) {
            List<Result> results = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                results.add(round(durability, round));
            }
            report(table, durability, results);
        }
    }

    /** One round: a fresh peer, every write figure, then reads. */
    private Result round(Durability durability, int round) throws Exception {
        Path dir = baseDir.resolve(durability + "-" + round);
        Measurements.deleteRecursively(dir);
        Result r = new Result();
        try (Coordinator coord = Coordinator.builder().dataDir(dir).durability(durability).start()) {
            String[] keys = WriteWorkload.prepareKeys(coord);
            WriteWorkload.Figures w = WriteWorkload.measure(coord, keys, seconds);
            r.createLatency = w.createLatency();
            r.setLatency = w.setLatency();
            r.createThroughput.addAll(w.createThroughput());
            r.setThroughput.addAll(w.setThroughput());
            r.getData1 = Measurements.reads(coord, keys, 1, seconds);
            r.getData2 = Measurements.reads(coord, keys, 2, seconds);
        }
        Measurements.deleteRecursively(dir);
        return r;
    }

    private static void report(FigureTable table, Durability durability, List<Result> results) {
        String d = durability.name();
        table.row(d + " create 1 in flight (ops/s)", results, r -> 1e9 / r.createLatency.getMean(), "%,.0f");
        table.row(d + " create p50 (ms)", results, r -> r.createLatency.getValueAtPercentile(50) / 1e6, "%.3f");
        table.row(d + " create p99 (ms)", results, r -> r.createLatency.getValueAtPercentile(99) / 1e6, "%.3f");
        table.row(d + " create p999 (ms)", results, r -> r.createLatency.getValueAtPercentile(99.9) / 1e6, "%.3f");
        table.row(d + " create 16 in flight (ops/s)", results, r -> r.createThroughput.get(0), "%,.0f");
        table.row(d + " create 128 in flight (ops/s)", results, r -> r.createThroughput.get(1), "%,.0f");
        table.row(d + " setData 1 in flight (ops/s)", results, r -> 1e9 / r.setLatency.getMean(), "%,.0f");
        table.row(d + " setData p50 (ms)", results, r -> r.setLatency.getValueAtPercentile(50) / 1e6, "%.3f");
        table.row(d + " setData p99 (ms)", results, r -> r.setLatency.getValueAtPercentile(99) / 1e6, "%.3f");
        table.row(d + " setData p999 (ms)", results, r -> r.setLatency.getValueAtPercentile(99.9) / 1e6, "%.3f");
        table.row(d + " setData 16 in flight (ops/s)", results, r -> r.setThroughput.get(0), "%,.0f");
        table.row(d + " setData 128 in flight (ops/s)", results, r -> r.setThroughput.get(1), "%,.0f");
        table.row(d + " getData 1 thread (ops/s)", results, r -> r.getData1, "%,.0f");
        table.row(d + " getData 2 threads (ops/s)", results, r -> r.getData2, "%,.0f");
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
