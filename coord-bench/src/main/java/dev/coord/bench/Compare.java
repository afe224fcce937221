package dev.coord.bench;

import dev.coord.bench.ComparisonTable.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compare measures Coord and Apache ZooKeeper 3.9.5 (with Curator 5.9.0 for locks) side by side in one
 * run, on the same machine, with the same workload code where the APIs allow (issue 6).
 *
 * <p>ZooKeeper runs as {@code n} server JVMs ({@code QuorumPeerMain}, fsync on) with its client in this
 * JVM connected to a follower; Coord runs as {@code n} peer JVMs (FSYNC) with the workload in a
 * follower peer's JVM, as an embedded application. Every part starts fresh processes on fresh
 * directories under a temporary directory, and the two sides alternate (ZooKeeper, Coord, ZooKeeper,
 * Coord, ...). See {@link CompareSide} for the figures and docs/BENCHMARKS.md for their meaning.
 *
 * <p>Usage: {@code java -cp coord-bench/target/coord-bench.jar dev.coord.bench.Compare [--quick]
 * [--out FILE.tsv] [--seconds S] [--warmup S] [--rounds R] [--memory-rounds R] [--trials T] [--sizes 3,1]
 * [--znodes N] [--updates N]
 * [--only data,faults,memory] [--sides zookeeper,coord] [--logs DIR] [--child-flags "FLAGS"]}. One side
 * alone (for profiling) gives no ratios. It prints progress lines as it
 * goes, then the table; the TSV goes to {@code --out} (default {@code target/compare-bench/compare-<time>.tsv}).
 * Exit code 0 when every part ran (targets met or not), 1 when a part failed.
 */
public final class Compare {
    /** Creates per multi when a memory run populates its tree. */
    static final int POPULATE_BATCH = 1000;
    /** setData after populating and before measuring the heap, the same on both sides. */
    static final int SETTLE_UPDATES = 1000;
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);
    private static final long STARTED = System.nanoTime();

    private final Options options;
    private final ComparisonTable table = new ComparisonTable(System.out);

    /** The run's settings. */
    record Options(double seconds, double warmup, int rounds, int memoryRounds, int trials, List<Integer> sizes, int znodes, int updates,
            Set<String> parts, Set<String> sides, Path out, Path logs, List<String> childFlags) {
        static Options parse(String[] args) {
            double seconds = 2;
            double warmup = -1;
            int rounds = 2;
            int memoryRounds = 1;
            int trials = 4;
            List<Integer> sizes = List.of(3, 1);
            int znodes = 1_000_000;
            int updates = 100_000;
            Set<String> parts = new TreeSet<>(List.of("data", "faults", "memory"));
            Set<String> sides = new TreeSet<>(List.of("zookeeper", "coord"));
            Path out = null;
            Path logs = Path.of("target", "compare-bench", "logs");
            List<String> childFlags = List.of("-Xms1g", "-Xmx2g");
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> {
                        // About 2 minutes on a quiet 2-core machine: one round of each part, so no drift shows.
                        seconds = 1;
                        warmup = 1;
                        sizes = List.of(3);
                        rounds = 1;
                        memoryRounds = 1;
                        trials = 1;
                        znodes = 100_000;
                        updates = 10_000;
                    }
                    case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                    case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--memory-rounds" -> memoryRounds = Integer.parseInt(args[++i]);
                    case "--trials" -> trials = Integer.parseInt(args[++i]);
                    case "--sizes" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                    case "--znodes" -> znodes = Integer.parseInt(args[++i]);
                    case "--updates" -> updates = Integer.parseInt(args[++i]);
                    case "--only" -> parts = new TreeSet<>(List.of(args[++i].split(",")));
                    case "--sides" -> sides = new TreeSet<>(List.of(args[++i].split(",")));
                    case "--out" -> out = Path.of(args[++i]);
                    case "--logs" -> logs = Path.of(args[++i]);
                    case "--child-flags" -> childFlags = List.of(args[++i].trim().split("\\s+"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: Compare [--quick] [--out FILE.tsv] [--seconds S] [--warmup S] [--rounds R] [--memory-rounds R] [--trials T]"
                            + " [--sizes 3,1] [--znodes N] [--updates N] [--only data,faults,memory] [--sides zookeeper,coord] [--logs DIR]"
                            + " [--child-flags FLAGS]");
                }
            }
            if (!Set.of("zookeeper", "coord").containsAll(sides) || sides.isEmpty()) {
                throw new IllegalArgumentException("sides must be zookeeper, coord or both, was " + sides);
            }
            for (String part : parts) {
                if (!Set.of("data", "faults", "memory").contains(part)) {
                    throw new IllegalArgumentException("unknown part " + part + " (data, faults, memory)");
                }
            }
            if (out == null) {
                out = Path.of("target", "compare-bench",
                        "compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".tsv");
            }
            if (warmup < 0) {
                warmup = Math.max(2, seconds);
            }
            return new Options(seconds, warmup, rounds, memoryRounds, trials, sizes, znodes, updates, parts, sides, out, logs, childFlags);
        }
    }

    private Compare(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.exit(run(options));
    }

    /**
     * Runs the comparison; returns 0 if every part ran, 1 if one failed (the figures measured before are
     * still printed and written). Every process it started is stopped and its temporary directory deleted
     * when it returns, and by a shutdown hook if the JVM is stopped meanwhile.
     */
    static int run(Options options) throws Exception {
        return run(options, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@link #run(Options)} with its temporary directory under {@code tempParent}. */
    static int run(Options options, Path tempParent) throws Exception {
        Measurements.deleteRecursively(options.logs());
        Files.createDirectories(options.logs());
        // This JVM's own logging (the ZooKeeper and Curator clients) goes to a file, before any logger exists.
        System.setProperty("org.slf4j.simpleLogger.logFile", options.logs().resolve("client.log").toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        Path dir = Files.createTempDirectory(tempParent, "coord-compare-");
        Thread cleanup = new Thread(() -> {
            ZkEnsemble.killAll();
            ChildPeer.killAll();
            try {
                Measurements.deleteRecursively(dir);
            } catch (IOException | RuntimeException e) {
                System.err.println("could not delete " + dir + ": " + e);
            }
        }, "compare-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return new Compare(options).run(dir);
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is stopping: the hook runs anyway
            }
        }
    }

    /** Prints a progress line with the seconds since the start. */
    static void progress(String format, Object... args) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, String.format(format, args));
        System.out.flush();
    }

    private int run(Path dir) throws Exception {
        CompareSide.Settings settings = new CompareSide.Settings(dir, options.logs(), options.seconds(), options.warmup(), SESSION_TIMEOUT,
                options.childFlags());
        List<CompareSide> sides = new ArrayList<>();
        if (options.sides().contains("zookeeper")) {
            sides.add(new ZkSide(settings));
        }
        if (options.sides().contains("coord")) {
            sides.add(new CoordSide(settings));
        }
        progress("Coord vs Apache ZooKeeper 3.9.5 / Curator 5.9.0: %d cores, Java %s, %s; temp dir %s, logs %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), options, dir,
                options.logs().toAbsolutePath());
        Map<String, Map<String, List<Double>>> figures = new LinkedHashMap<>();
        Exception failure = null;
        try {
            measure(sides, figures);
        } catch (Exception e) {
            failure = e;
            progress("FAILED: %s (figures so far follow)", e);
            e.printStackTrace(System.out);
        }
        report(figures);
        table.writeTsv(options.out());
        table.note("TSV: %s", options.out().toAbsolutePath());
        table.note("logs: %s", options.logs().toAbsolutePath());
        progress("done");
        return failure == null ? 0 : 1;
    }

    private void measure(List<CompareSide> sides, Map<String, Map<String, List<Double>>> figures) throws Exception {
        if (options.parts().contains("data")) {
            for (int n : options.sizes()) {
                for (int round = 0; round < options.rounds(); round++) {
                    for (CompareSide side : sides) {
                        progress("round %d of %d, %s, %d %s", round + 1, options.rounds(), side.name(), n, n == 1 ? "node" : "nodes");
                        side.dataRound(n).forEach((k, v) -> add(figures, n + "/" + k, side, v));
                    }
                }
            }
        }
        if (options.parts().contains("faults") && options.trials() > 0) {
            for (int n : options.sizes()) {
                if (n < 3) {
                    continue;
                }
                int blocks = Math.min(2, options.trials());
                for (int block = 0; block < blocks; block++) {
                    int trials = options.trials() / blocks + (block < options.trials() % blocks ? 1 : 0);
                    for (CompareSide side : sides) {
                        progress("faults, block %d of %d, %s, %d nodes, %d trials", block + 1, blocks, side.name(), n, trials);
                        side.faults(n, trials).forEach((k, vs) -> vs.forEach(v -> add(figures, n + "/" + k, side, v)));
                    }
                }
            }
        }
        if (options.parts().contains("memory")) {
            for (int round = 0; round < options.memoryRounds(); round++) {
                for (CompareSide side : sides) {
                    progress("memory and recovery, round %d of %d, %s, %,d znodes, %,d logged setData", round + 1,
                            options.memoryRounds(), side.name(), options.znodes(), options.updates());
                    side.memoryAndRecovery(options.znodes(), options.updates()).forEach((k, v) -> add(figures, "1/" + k, side, v));
                }
            }
        }
    }

    private static void add(Map<String, Map<String, List<Double>>> figures, String key, CompareSide side, double value) {
        figures.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(side.name(), k -> new ArrayList<>()).add(value);
    }

    private void report(Map<String, Map<String, List<Double>>> figures) {
        for (int n : options.sizes()) {
            boolean targets = n == 3;
            table.header(String.format("---- %d %s, fsync; medians over %d rounds (faults: over trials) ----", n,
                    n == 1 ? "node (standalone)" : "nodes", options.rounds()));
            for (String op : List.of("create", "setData")) {
                row(figures, n, op + ".1", op + ", 1 in flight", "ops/s", Target.NONE);
                row(figures, n, op + ".16", op + ", 16 in flight", "ops/s", Target.NONE);
                row(figures, n, op + ".128", op + ", 128 in flight", "ops/s", targets ? Target.atLeast(5) : Target.NONE);
                row(figures, n, op + ".p50ms", op + " p50, 1 in flight", "ms", targets ? Target.atMost(0.5) : Target.NONE);
                row(figures, n, op + ".p99ms", op + " p99, 1 in flight", "ms", targets ? Target.atMost(0.25) : Target.NONE);
                row(figures, n, op + ".p999ms", op + " p99.9, 1 in flight", "ms", Target.NONE);
            }
            row(figures, n, "getData.1", "getData, 1 in flight", "ops/s", targets ? Target.atLeast(50) : Target.NONE);
            row(figures, n, "getData.128", "getData, 128 in flight", "ops/s", targets ? Target.atLeast(50) : Target.NONE);
            row(figures, n, "lock.1", "lock cycles, 1 session", "cycles/s", targets ? Target.atLeast(5) : Target.NONE);
            row(figures, n, "lock.8", "lock cycles, 8 sessions", "cycles/s", targets ? Target.atLeast(5) : Target.NONE);
            if (n >= 3) {
                row(figures, n, "failover.s", "kill -9 leader to first write", "s", targets ? Target.atMost(0.5) : Target.NONE);
                row(figures, n, "ephemeral.close.s", "ephemeral gone after session close", "s", Target.NONE);
                row(figures, n, "ephemeral.kill.s", "ephemeral gone after holder kill -9", "s", Target.NONE);
            }
        }
        if (figures.keySet().stream().anyMatch(k -> k.startsWith("1/heap"))) {
            table.header(String.format("---- memory and recovery: one standalone node, %,d znodes of 100 bytes, %,d logged setData;"
                    + " %d rounds ----", options.znodes(), options.updates(), options.memoryRounds()));
            row(figures, 1, "heap.per.znode", "heap per znode after GC", "bytes", Target.atMost(0.5));
            scaledRow(figures, "1/heap.full.bytes", "heap used with the tree after GC", "MiB", 1.0 / (1 << 20));
            scaledRow(figures, "1/heap.empty.bytes", "heap used empty after GC", "MiB", 1.0 / (1 << 20));
            row(figures, 1, "recovery.s", "restart (kill -9) to serving", "s", Target.atMost(0.5));
        }
    }

    private void row(Map<String, Map<String, List<Double>>> figures, int n, String key, String name, String unit, Target target) {
        Map<String, List<Double>> sides = figures.get(n + "/" + key);
        if (sides == null) {
            return;
        }
        table.row(n + " node" + (n == 1 ? "" : "s") + ": " + name, unit, values(sides.get("Coord")), values(sides.get("ZooKeeper")), target);
    }

    private void scaledRow(Map<String, Map<String, List<Double>>> figures, String key, String name, String unit, double scale) {
        Map<String, List<Double>> sides = figures.get(key);
        if (sides == null) {
            return;
        }
        double[] c = java.util.Arrays.stream(values(sides.get("Coord"))).map(v -> v * scale).toArray();
        double[] z = java.util.Arrays.stream(values(sides.get("ZooKeeper"))).map(v -> v * scale).toArray();
        table.row("1 node: " + name, unit, c, z, Target.NONE);
    }

    private static double[] values(List<Double> list) {
        return list == null ? new double[0] : list.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
