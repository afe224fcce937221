package dev.coord.bench;

import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.CreateMode;
import dev.coord.Durability;
import dev.coord.EventType;
import dev.coord.Stat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ReplicatedBenchmark measures a three-peer ensemble on loopback with FSYNC, the client embedded in a
 * follower: peers 2 and 3 run in child JVMs ({@link BenchPeer}), peer 1 in this JVM (see
 * {@link LoopbackEnsemble}). It prints Apache ZooKeeper 3.9.5 figures measured on the same machines
 * beside its own.
 *
 * <p>Figures: create and setData throughput with 1, 16 and 128 in flight and latency at 1 in flight,
 * getData throughput on one thread (reads are local), each the median of several rounds (a fresh
 * ensemble each); the time from a kill -9 of the leader until the embedded follower's next create
 * succeeds; and the time from a kill -9 of a peer whose session holds ten ephemerals until the embedded
 * peer's watches saw all ten deleted. The fault figures are medians over trials on one more ensemble.
 *
 * <p>Usage: {@code java -cp coord-bench/target/coord-bench.jar dev.coord.bench.ReplicatedBenchmark
 * [--seconds S] [--rounds R] [--trials T] [--dir D] [--quick] [--durability FSYNC|NONE]}
 */
public final class ReplicatedBenchmark {
    private static final int EPHEMERALS = 10;
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration FAILOVER_DEADLINE = Duration.ofSeconds(20);
    private static final Duration EPHEMERALS_DEADLINE = Duration.ofSeconds(30);
    private static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int EXPECTED_LEADER = 3;

    private final double seconds;
    private final int rounds;
    private final int trials;
    private final Durability durability;
    private final Path baseDir;
    private final Path logDir;
    private final FigureTable table = new FigureTable(System.out, true);
    private final Logger log = LoggerFactory.getLogger(ReplicatedBenchmark.class);

    private ReplicatedBenchmark(double seconds, int rounds, int trials, Durability durability, Path baseDir) {
        this.seconds = seconds;
        this.durability = durability;
        this.rounds = rounds;
        this.trials = trials;
        this.baseDir = baseDir;
        this.logDir = baseDir.resolve("logs");
    }

    public static void main(String[] args) throws Exception {
        if (!JavaCommand.thisJvmHasFlags()) {
            System.exit(JavaCommand.relaunchWithFlags(ReplicatedBenchmark.class, args));
        }
        double seconds = 3;
        int rounds = 5;
        int trials = -1;
        Durability durability = Durability.FSYNC;
        Path dir = Path.of("target", "replicated-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--trials" -> trials = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--durability" -> durability = Durability.valueOf(args[++i]);
                case "--quick" -> {
                    seconds = 1;
                    rounds = 1;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (trials < 0) {
            trials = Math.max(3, 2 * rounds);
        }
        // The embedded peer logs to a file beside the children's, before any logger exists.
        Path logDir = dir.resolve("logs");
        Measurements.deleteRecursively(logDir);
        Files.createDirectories(logDir);
        System.setProperty("org.slf4j.simpleLogger.logFile", logDir.resolve("peer1.log").toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        new ReplicatedBenchmark(seconds, rounds, trials, durability, dir).run();
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        System.out.printf("Coord replicated benchmark: 3 peers on loopback (peers 2, 3 in child JVMs, client embedded in "
                        + "follower peer 1), %s, %d cores, Java %s%n", durability, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.printf("%.1f s per measurement, median of %d rounds (a fresh ensemble each); %d fault trials; "
                + "reference: Apache ZooKeeper 3.9.5, 3 servers, fsync on, same machines, client on a follower%n",
                seconds, rounds, trials);
        List<Round> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            results.add(round(round));
        }
        table.header();
        report(results);
        table.note("(leader at the start of each round: peer %s)",
                results.stream().map(r -> Integer.toString(r.leaderId)).collect(java.util.stream.Collectors.joining(", ")));
        faults();
        Path tsv = baseDir.resolve("replicated-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".tsv");
        table.writeTsv(tsv);
        table.note("TSV: %s", tsv.toAbsolutePath());
        for (int id = 1; id <= 3; id++) {
            Path file = logDir.resolve("peer" + id + ".log");
            table.note("log of peer %d: %s (%d WARN/ERROR lines; %d failed starts retried)", id, file.toAbsolutePath(),
                    countLines(file, l -> l.contains(" WARN ") || l.contains(" ERROR ")), countLines(file, l -> l.contains("start failed")));
        }
        table.note("total time %.0f s", (System.nanoTime() - started) / 1e9);
    }

    // ---- throughput and latency ----

    /** One round: a fresh ensemble, every write figure at 1, 16 and 128 in flight, then reads. */
    private Round round(int round) throws Exception {
        Round r = new Round();
        Path dir = baseDir.resolve("round-" + round);
        log.info("---- benchmark round {} ----", round);
        try (LoopbackEnsemble ensemble = LoopbackEnsemble.start(dir, logDir, SESSION_TIMEOUT, durability)) {
            r.leaderId = ensemble.leaderId();
            if (r.leaderId != EXPECTED_LEADER) {
                System.out.printf("NB: round %d: peer %d leads, not peer %d (%s)%n", round, r.leaderId, EXPECTED_LEADER,
                        ensemble.describeStatus());
            }
            Coordinator coord = ensemble.embedded();
            String[] keys = WriteWorkload.prepareKeys(coord);
            WriteWorkload.Figures w = WriteWorkload.measure(coord, keys, seconds);
            r.createLatency = w.createLatency();
            r.setLatency = w.setLatency();
            r.createThroughput.addAll(w.createThroughput());
            r.setThroughput.addAll(w.setThroughput());
            r.getData1 = Measurements.reads(coord, keys, 1, seconds);
            if (ensemble.leaderId() != r.leaderId) {
                System.out.printf("NB: round %d: the leader changed during the round, from peer %d to %s%n", round,
                        r.leaderId, ensemble.describeStatus());
            }
        }
        Measurements.deleteRecursively(dir);
        return r;
    }

    private void report(List<Round> results) {
        table.row("create 1 in flight (ops/s)", results, r -> 1e9 / r.createLatency.getMean(), "%,.0f", "1,080");
        table.row("create p50 (ms)", results, r -> r.createLatency.getValueAtPercentile(50) / 1e6, "%.3f", "0.75");
        table.row("create p99 (ms)", results, r -> r.createLatency.getValueAtPercentile(99) / 1e6, "%.3f", "5.2");
        table.row("create p999 (ms)", results, r -> r.createLatency.getValueAtPercentile(99.9) / 1e6, "%.3f", "10.6");
        table.row("create 16 in flight (ops/s)", results, r -> r.createThroughput.get(0), "%,.0f", "");
        table.row("create 128 in flight (ops/s)", results, r -> r.createThroughput.get(1), "%,.0f", "6,400");
        table.row("setData 1 in flight (ops/s)", results, r -> 1e9 / r.setLatency.getMean(), "%,.0f", "");
        table.row("setData p50 (ms)", results, r -> r.setLatency.getValueAtPercentile(50) / 1e6, "%.3f", "");
        table.row("setData p99 (ms)", results, r -> r.setLatency.getValueAtPercentile(99) / 1e6, "%.3f", "");
        table.row("setData p999 (ms)", results, r -> r.setLatency.getValueAtPercentile(99.9) / 1e6, "%.3f", "");
        table.row("setData 16 in flight (ops/s)", results, r -> r.setThroughput.get(0), "%,.0f", "");
        table.row("setData 128 in flight (ops/s)", results, r -> r.setThroughput.get(1), "%,.0f", "");
        table.row("getData 1 thread (ops/s)", results, r -> r.getData1, "%,.0f",
                "5,000 at 1 in flight; 18,000 at 128");
    }

    // ---- faults ----

    /** The failover and ephemeral trials, on one more fresh ensemble. */
    private void faults() throws Exception {
        Path dir = baseDir.resolve("faults");
        log.info("---- fault trials ----");
        List<Trial> failovers = new ArrayList<>();
        List<Trial> expiries = new ArrayList<>();
        try (LoopbackEnsemble ensemble = LoopbackEnsemble.start(dir, logDir, SESSION_TIMEOUT, durability)) {
            if (ensemble.leaderId() != EXPECTED_LEADER) {
                System.out.printf("NB: fault ensemble: peer %d leads, not peer %d (%s)%n", ensemble.leaderId(),
                        EXPECTED_LEADER, ensemble.describeStatus());
            }
            ensemble.embedded().create("/failover", null, CreateMode.PERSISTENT);
            for (int t = 0; t < trials; t++) {
                failovers.add(failoverTrial(ensemble, t));
            }
            for (int t = 0; t < trials; t++) {
                expiries.add(ephemeralsTrial(ensemble, t));
            }
        }
        Measurements.deleteRecursively(dir);
        table.row("failover: first write after kill (s)", seconds(failovers), "%.2f", "0.7 .. 3.2 (median 1.5)");
        table.row("ephemerals gone after kill (s)", seconds(expiries), "%.2f", "5.1 .. 6.2 (4 s timeout)");
        table.note("(fault figures: median and range over trials)");
        for (Trial t : failovers) {
            table.note("  failover trial %d: %s", t.index, t.detail);
        }
        for (Trial t : expiries) {
            table.note("  ephemerals trial %d: %s", t.index, t.detail);
        }
    }

    /**
     * Kills the leader (a child) with SIGKILL and times the embedded follower's first successful
     * create; then restarts the killed peer and waits until it has rejoined.
     */
    private Trial failoverTrial(LoopbackEnsemble ensemble, int index) throws Exception {
        Coordinator coord = ensemble.embedded();
        if (!ensemble.ensureChildLeads(REJOIN_TIMEOUT)) {
            return new Trial(index, Double.NaN, "skipped: the embedded peer 1 kept leading (" + ensemble.describeStatus() + ")");
        }
        int victim = ensemble.leaderId();
        log.info("---- failover trial {}: killing leader peer {} ----", index, victim);
        long killedNs = System.nanoTime();
        ensemble.kill(victim);
        long killReturnedNs = System.nanoTime();
        long deadline = killedNs + FAILOVER_DEADLINE.toNanos();
        Map<String, Integer> failures = new TreeMap<>();
        double elapsedS = Double.NaN;
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            try {
                coord.create("/failover/t" + index + "-a" + attempt, WriteWorkload.PAYLOAD, CreateMode.PERSISTENT);
                elapsedS = (System.nanoTime() - killedNs) / 1e9;
                break;
            } catch (CoordException e) {
                failures.merge(e.code().name(), 1, Integer::sum);
                Thread.sleep(5);
            }
        }
        int newLeader = ensemble.leaderId();
        log.info("---- failover trial {}: first write after {} s; new leader {} ----", index, elapsedS, newLeader);
        String detail = String.format("killed leader peer %d (kill took %.0f ms), new leader peer %d, first write after %s; "
                        + "failed attempts %s", victim, (killReturnedNs - killedNs) / 1e6, newLeader,
                Double.isNaN(elapsedS) ? "none within " + FAILOVER_DEADLINE : String.format("%.3f s", elapsedS),
                failures.isEmpty() ? "none" : failures);
        ensemble.restart(victim, null, 0);
        if (!ensemble.awaitAllMembers(REJOIN_TIMEOUT)) {
            detail += "; NB: peer " + victim + " had not rejoined after " + REJOIN_TIMEOUT + " (" + ensemble.describeStatus() + ")";
        }
        if (newLeader == LoopbackEnsemble.EMBEDDED_ID) {
            detail += "; the embedded peer became leader";
        }
        return new Trial(index, elapsedS, detail);
    }

    /**
     * Restarts a child follower so that its default session holds ten ephemerals, sets an exists watch
     * on each from the embedded peer, kills the child with SIGKILL and times until all ten watches saw
     * their node deleted.
     */
    private Trial ephemeralsTrial(LoopbackEnsemble ensemble, int index) throws Exception {
        Coordinator coord = ensemble.embedded();
        int leader = ensemble.leaderId();
        int victim = leader == LoopbackEnsemble.CHILD_IDS.get(0) ? LoopbackEnsemble.CHILD_IDS.get(1) : LoopbackEnsemble.CHILD_IDS.get(0);
        String parent = "/ephemerals-" + index;
        ensemble.stop(victim);
        ensemble.restart(victim, parent, EPHEMERALS);
        coord.sync(parent);
        List<String> names = coord.getChildren(parent);
        if (names.size() != EPHEMERALS) {
            return new Trial(index, Double.NaN, "skipped: the embedded peer sees " + names.size() + " ephemerals under " + parent);
        }
        CountDownLatch gone = new CountDownLatch(EPHEMERALS);
        AtomicLong lastDeletedNs = new AtomicLong();
        AtomicLong firstDeletedNs = new AtomicLong(Long.MAX_VALUE);
        for (String name : names) {
            Stat stat = coord.exists(parent + "/" + name, event -> {
                if (event.type() == EventType.NODE_DELETED) {
                    long now = System.nanoTime();
                    lastDeletedNs.accumulateAndGet(now, Math::max);
                    firstDeletedNs.accumulateAndGet(now, Math::min);
                    gone.countDown();
                }
            });
            if (stat == null) {
                return new Trial(index, Double.NaN, "skipped: " + parent + "/" + name + " vanished before the kill");
            }
        }
        log.info("---- ephemerals trial {}: killing peer {} (leader {}) ----", index, victim, leader);
        long killedNs = System.nanoTime();
        ensemble.kill(victim);
        boolean allGone = gone.await(EPHEMERALS_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        double elapsedS = allGone ? (lastDeletedNs.get() - killedNs) / 1e9 : Double.NaN;
        log.info("---- ephemerals trial {}: all gone after {} s ----", index, elapsedS);
        String detail = String.format("killed follower peer %d holding %d ephemerals (leader peer %d): %s", victim, EPHEMERALS,
                leader, allGone ? String.format("first gone after %.3f s, all after %.3f s",
                        (firstDeletedNs.get() - killedNs) / 1e9, elapsedS)
                        : (EPHEMERALS - gone.getCount()) + " gone within " + EPHEMERALS_DEADLINE);
        return new Trial(index, elapsedS, detail);
    }

    private static double[] seconds(List<Trial> trials) {
        return trials.stream().mapToDouble(t -> t.seconds).toArray();
    }

    private static long countLines(Path file, java.util.function.Predicate<String> which) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(which).count();
        }
    }

    /** Round holds one round's figures. */
    private static final class Round {
        int leaderId;
        Histogram createLatency;
        Histogram setLatency;
        final List<Double> createThroughput = new ArrayList<>();
        final List<Double> setThroughput = new ArrayList<>();
        double getData1;
    }

    /** Trial is one fault trial's outcome: seconds until the event (NaN if it did not happen), and what happened. */
    private record Trial(int index, double seconds, String detail) {
    }
}
