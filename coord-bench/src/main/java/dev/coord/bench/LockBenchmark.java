package dev.coord.bench;

import dev.coord.Coordinator;
import dev.coord.CreateMode;
import dev.coord.Durability;
import dev.coord.recipes.election.LeaderElection;
import dev.coord.recipes.election.LeadershipListener;
import dev.coord.recipes.election.LossReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LockBenchmark measures the lock and leader-election recipes of {@code coord-recipes} on a three-peer
 * FSYNC ensemble on loopback ({@link LoopbackEnsemble}: peer 1 embedded in this JVM and a follower,
 * peers 2 and 3 in child JVMs, peer 3 normally the leader), with Curator 5.9.0's InterProcessMutex on
 * ZooKeeper 3.9.5 measured on the same machines as the reference.
 *
 * <p>Figures, each the median over rounds (a fresh ensemble each):
 * <ul>
 * <li>lock acquire+release cycles per second for several placements of the sessions: 1 session and 8
 *     contending sessions on follower peer 1, the same on the leader's peer, and 8 sessions spread
 *     over the three peers (3, 3, 2). Each session has its own thread and its own {@code Lock} on one
 *     path and loops {@code lock(); close();} (a release's delete is not waited for);
 * <li>p50/p99 latency of an uncontended {@code lock()} (from the 1-session loops);
 * <li>for scale, the p50 of a plain replicated create at 1 in flight from peer 1 in the same round.
 * </ul>
 * Then, on one more ensemble, leader hand-over trials: a participant of a {@code LeaderElection} on a
 * child peer leads, a participant on peer 1 waits behind it, the child is killed with SIGKILL, and the
 * time until peer 1's participant is told {@code leadershipGained} is measured. The killed peer is the
 * ZAB leader in even trials and a ZAB follower in odd ones. The dead leader's session must expire
 * first, so the hand-over is bounded below by the session timeout (4 s here).
 *
 * <p>Mutual exclusion is checked while it runs (a holder count per JVM, fencing tokens growing per
 * session); a violation is printed and fails the run.
 *
 * <p>Usage: {@code java -cp coord-bench/target/coord-bench.jar dev.coord.bench.LockBenchmark
 * [--seconds S] [--rounds R] [--trials T] [--dir D] [--quick] [--durability FSYNC|NONE] [--only I,J]}
 * ({@code --only} measures only the placements of those indexes, in the order listed above, from 0;
 * {@code --trials 0} skips the hand-over). To profile the child peers, pass JVM flags for them in
 * {@code -Dcoord.bench.childFlags=...} (see {@link ChildPeer}).
 */
public final class LockBenchmark {
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration HANDOVER_DEADLINE = Duration.ofSeconds(30);
    private static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(30);
    private static final String CURATOR_1 = "510 .. 570";
    private static final String CURATOR_8 = "510 .. 620";

    private final double seconds;
    private final int rounds;
    private final int trials;
    private final Durability durability;
    private final Path baseDir;
    private final Path logDir;
    private final FigureTable table = new FigureTable(System.out, true);
    private final Logger log = LoggerFactory.getLogger(LockBenchmark.class);
    private final List<Integer> only;
    private long violations;

    private LockBenchmark(double seconds, int rounds, int trials, Durability durability, Path baseDir, List<Integer> only) {
        this.only = only;
        this.seconds = seconds;
        this.rounds = rounds;
        this.trials = trials;
        this.durability = durability;
        this.baseDir = baseDir;
        this.logDir = baseDir.resolve("logs");
    }

    public static void main(String[] args) throws Exception {
        if (!JavaCommand.thisJvmHasFlags()) {
            System.exit(JavaCommand.relaunchWithFlags(LockBenchmark.class, args));
        }
        double seconds = 3;
        int rounds = 5;
        int trials = -1;
        Durability durability = Durability.FSYNC;
        Path dir = Path.of("target", "lock-bench");
        List<Integer> only = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--trials" -> trials = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--durability" -> durability = Durability.valueOf(args[++i]);
                case "--only" -> only = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--quick" -> {
                    seconds = 1;
                    rounds = 1;
                    trials = 2;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (trials < 0) {
            trials = Math.max(4, 2 * rounds);
        }
        Path logDir = dir.resolve("logs");
        Measurements.deleteRecursively(logDir);
        Files.createDirectories(logDir);
        System.setProperty("org.slf4j.simpleLogger.logFile", logDir.resolve("peer1.log").toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        LockBenchmark bench = new LockBenchmark(seconds, rounds, trials, durability, dir, only);
        bench.run();
        System.exit(bench.violations == 0 ? 0 : 1);
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        System.out.printf("Coord lock benchmark: 3 peers on loopback (peer 1 embedded, a follower; peers 2, 3 in child JVMs), "
                        + "%s, %d cores, Java %s, session timeout %d s%n", durability, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), SESSION_TIMEOUT.toSeconds());
        System.out.printf("%.1f s per measurement, median of %d rounds (a fresh ensemble each); %d hand-over trials; "
                + "reference: Curator 5.9.0 InterProcessMutex on Apache ZooKeeper 3.9.5, 3 servers, fsync on%n", seconds, rounds, trials);
        List<Round> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            results.add(round(round));
        }
        table.header();
        report(results);
        if (trials > 0) {
            handOver();
        }
        Path tsv = baseDir.resolve("locks-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".tsv");
        table.writeTsv(tsv);
        table.note("TSV: %s", tsv.toAbsolutePath());
        table.note("mutual exclusion or fencing violations: %d", violations);
        table.note("total time %.0f s", (System.nanoTime() - started) / 1e9);
    }

    // ---- lock cycles ----

    /** Shape is where a measurement's sessions are: a name and how many sessions on each peer id. */
    private record Shape(String name, Map<Integer, Integer> sessionsByPeer) {
        int sessions() {
            return sessionsByPeer.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The placements measured, given the current leader (peer 3 normally). */
    private static List<Shape> shapes(int leaderId) {
        String leader = leaderId == LoopbackEnsemble.EMBEDDED_ID ? "leader peer 1 (embedded)" : "leader peer " + leaderId;
        String follower = leaderId == LoopbackEnsemble.EMBEDDED_ID ? "peer 1 (leading!)" : "follower peer 1";
        return List.of(
                new Shape("1 session, " + follower, Map.of(LoopbackEnsemble.EMBEDDED_ID, 1)),
                new Shape("8 sessions, " + follower, Map.of(LoopbackEnsemble.EMBEDDED_ID, 8)),
                new Shape("1 session, " + leader, Map.of(leaderId, 1)),
                new Shape("8 sessions, " + leader, Map.of(leaderId, 8)),
                new Shape("8 sessions spread 3/3/2 over peers 1/2/3", Map.of(1, 3, 2, 3, 3, 2)));
    }

    /** Measured is one placement's outcome in one round. */
    private record Measured(double perSecond, double p50Ms, double p99Ms) {
    }

    private Round round(int round) throws Exception {
        Round r = new Round();
        Path dir = baseDir.resolve("round-" + round);
        log.info("---- lock benchmark round {} ----", round);
        try (LoopbackEnsemble ensemble = LoopbackEnsemble.start(dir, logDir, SESSION_TIMEOUT, durability)) {
            r.leaderId = ensemble.leaderId();
            Coordinator coord = ensemble.embedded();
            coord.create("/locks", null, CreateMode.PERSISTENT);
            // Warm-up: every peer's lock and write paths, contended and not, until the JIT has them.
            measure(ensemble, new Shape("warm-up", Map.of(1, 4, 2, 4, 3, 4)), "/locks/warm", Math.max(2, seconds));
            measure(ensemble, new Shape("warm-up", Map.of(1, 1, 2, 1, 3, 1)), "/locks/warm1", Math.max(1, seconds / 2));
            Histogram create = Measurements.latency(n -> coord.createAsync("/c" + n, WriteWorkload.PAYLOAD,
                    CreateMode.PERSISTENT, 0), Math.max(1, seconds / 2));
            r.createP50Ms = create.getValueAtPercentile(50) / 1e6;
            List<Shape> shapes = shapes(r.leaderId);
            for (int i = 0; i < shapes.size(); i++) {
                if (only.isEmpty() || only.contains(i)) {
                    r.shapes.add(shapes.get(i));
                    r.figures.add(measure(ensemble, shapes.get(i), "/locks/s" + i, seconds));
                }
            }
            if (ensemble.leaderId() != r.leaderId) {
                System.out.printf("NB: round %d: the leader changed during the round, from peer %d to %s%n", round,
                        r.leaderId, ensemble.describeStatus());
            }
        }
        Measurements.deleteRecursively(dir);
        System.out.printf("round %d (leader peer %d): %s; create p50 %.3f ms%n", round, r.leaderId,
                describe(r), r.createP50Ms);
        return r;
    }

    private static String describe(Round r) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < r.shapes.size(); i++) {
            parts.add(String.format("%s %,.0f/s", r.shapes.get(i).name(), r.figures.get(i).perSecond()));
        }
        return String.join("; ", parts);
    }

    /**
     * Runs {@code shape}'s sessions on their peers at once (the children first, by command, then the
     * embedded peer) against the lock at {@code path} for {@code seconds}; returns the total rate and,
     * for one session, its acquire latency.
     */
    private Measured measure(LoopbackEnsemble ensemble, Shape shape, String path, double seconds) throws Exception {
        Map<Integer, Integer> placement = new TreeMap<>(shape.sessionsByPeer());
        for (Map.Entry<Integer, Integer> e : placement.entrySet()) {
            if (e.getKey() != LoopbackEnsemble.EMBEDDED_ID) {
                ensemble.child(e.getKey()).command("locks " + path + " " + e.getValue() + " " + seconds);
            }
        }
        Map<Integer, long[]> byPeer = new LinkedHashMap<>();
        Integer embeddedSessions = placement.get(LoopbackEnsemble.EMBEDDED_ID);
        if (embeddedSessions != null) {
            LockLoop.Result res = LockLoop.run(ensemble.embedded(), path, embeddedSessions, seconds, SESSION_TIMEOUT);
            byPeer.put(LoopbackEnsemble.EMBEDDED_ID, new long[] {res.cycles(), res.elapsedNs(),
                    res.acquireNs().getValueAtPercentile(50), res.acquireNs().getValueAtPercentile(99), res.violations()});
        }
        for (Map.Entry<Integer, Integer> e : placement.entrySet()) {
            if (e.getKey() != LoopbackEnsemble.EMBEDDED_ID) {
                String line = ensemble.child(e.getKey()).awaitReply("locks", REPLY_TIMEOUT);
                if (line == null || line.startsWith("locks failed")) {
                    throw new IllegalStateException("peer " + e.getKey() + "'s lock loop: " + (line == null ? "no answer" : line)
                            + "; see " + ensemble.logFile(e.getKey()));
                }
                String[] w = line.split(" ");
                byPeer.put(e.getKey(), new long[] {Long.parseLong(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3]),
                        Long.parseLong(w[4]), Long.parseLong(w[5])});
            }
        }
        double rate = 0;
        for (Map.Entry<Integer, long[]> e : byPeer.entrySet()) {
            long[] v = e.getValue();
            rate += v[0] / (v[1] / 1e9);
            if (v[4] != 0) {
                violations += v[4];
                System.out.printf("VIOLATION: %s on %s: %d mutual-exclusion or fencing violations on peer %d%n",
                        shape.name(), path, v[4], e.getKey());
            }
        }
        long[] only = byPeer.values().iterator().next();
        boolean single = shape.sessions() == 1;
        return new Measured(rate, single ? only[2] / 1e6 : Double.NaN, single ? only[3] / 1e6 : Double.NaN);
    }

    private void report(List<Round> results) {
        List<Shape> shapes = results.get(0).shapes;
        for (int i = 0; i < shapes.size(); i++) {
            int at = i;
            String name = shapes.get(i).name();
            String reference = shapes.get(i).sessions() == 1 ? CURATOR_1 + " (1 client)" : CURATOR_8 + " (8 clients)";
            table.row(name + " (cycles/s)", results, r -> r.figures.get(at).perSecond(), "%,.0f", reference);
        }
        for (int i = 0; i < shapes.size(); i++) {
            int at = i;
            if (shapes.get(i).sessions() == 1) {
                String name = shapes.get(i).name();
                table.row("  lock() p50, " + name + " (ms)", results, r -> r.figures.get(at).p50Ms(), "%.3f", "");
                table.row("  lock() p99, " + name + " (ms)", results, r -> r.figures.get(at).p99Ms(), "%.3f", "");
            }
        }
        table.row("create p50, 1 in flight, peer 1 (ms)", results, r -> r.createP50Ms, "%.3f", "");
        table.note("(leader at the start of each round: peer %s; the placement names are those of round 0)",
                results.stream().map(r -> Integer.toString(r.leaderId)).collect(Collectors.joining(", ")));
    }

    // ---- leader hand-over ----

    private void handOver() throws Exception {
        Path dir = baseDir.resolve("handover");
        log.info("---- hand-over trials ----");
        List<Trial> ofLeader = new ArrayList<>();
        List<Trial> ofFollower = new ArrayList<>();
        try (LoopbackEnsemble ensemble = LoopbackEnsemble.start(dir, logDir, SESSION_TIMEOUT, durability)) {
            ensemble.embedded().create("/election", null, CreateMode.PERSISTENT);
            for (int t = 0; t < trials; t++) {
                Trial trial = handOverTrial(ensemble, t, t % 2 == 0);
                (t % 2 == 0 ? ofLeader : ofFollower).add(trial);
            }
        }
        Measurements.deleteRecursively(dir);
        table.row("hand-over, ZAB leader's peer killed (s)", ofLeader.stream().mapToDouble(Trial::seconds).toArray(), "%.2f",
                "session timeout " + SESSION_TIMEOUT.toSeconds() + " s");
        table.row("hand-over, a follower's peer killed (s)", ofFollower.stream().mapToDouble(Trial::seconds).toArray(), "%.2f",
                "session timeout " + SESSION_TIMEOUT.toSeconds() + " s");
        List<Trial> all = new ArrayList<>(ofLeader);
        all.addAll(ofFollower);
        all.sort((a, b) -> Integer.compare(a.index, b.index));
        for (Trial t : all) {
            table.note("  hand-over trial %d: %s", t.index, t.detail);
        }
    }

    /**
     * A participant on a child (the ZAB leader's peer if {@code killZabLeader}, else a follower's) leads
     * the election at a fresh path, one on peer 1 waits behind it; the child is killed and the time
     * until peer 1's participant gains leadership is measured. The child is restarted afterwards.
     */
    private Trial handOverTrial(LoopbackEnsemble ensemble, int index, boolean killZabLeader) throws Exception {
        if (!ensemble.ensureChildLeads(REJOIN_TIMEOUT)) {
            return new Trial(index, Double.NaN, "skipped: the embedded peer 1 kept leading");
        }
        int zabLeader = ensemble.leaderId();
        int victim = killZabLeader ? zabLeader
                : LoopbackEnsemble.CHILD_IDS.stream().filter(id -> id != zabLeader).findFirst().orElseThrow();
        String path = "/election/t" + index;
        ChildPeer child = ensemble.child(victim);
        child.command("elect " + path + " peer" + victim);
        // Alone at a fresh path, it leads at once ("leading" comes before or after "joined").
        if (child.awaitReply("leading", REPLY_TIMEOUT) == null) {
            return new Trial(index, Double.NaN, "skipped: peer " + victim + "'s participant did not lead");
        }
        CountDownLatch gained = new CountDownLatch(1);
        AtomicLong gainedNs = new AtomicLong();
        try (LeaderElection mine = new LeaderElection(ensemble.embedded(), path, "peer1", null, new LeadershipListener() {
            @Override
            public void leadershipGained(long fencingToken) {
                gainedNs.set(System.nanoTime());
                gained.countDown();
            }

            @Override
            public void leadershipLost(LossReason reason) {
            }
        })) {
            mine.start();
            if (mine.hasLeadership()) {
                return new Trial(index, Double.NaN, "skipped: peer 1's participant led before the kill");
            }
            log.info("---- hand-over trial {}: killing peer {} (ZAB leader {}) ----", index, victim, zabLeader);
            long killedNs = System.nanoTime();
            ensemble.kill(victim);
            boolean ok = gained.await(HANDOVER_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            double elapsedS = ok ? (gainedNs.get() - killedNs) / 1e9 : Double.NaN;
            String detail = String.format("killed peer %d (%s), peer 1's participant %s; new ZAB leader peer %d", victim,
                    killZabLeader ? "the ZAB leader" : "a ZAB follower",
                    ok ? String.format("led after %.3f s", elapsedS) : "did not lead within " + HANDOVER_DEADLINE,
                    ensemble.leaderId());
            log.info("---- hand-over trial {}: {} ----", index, detail);
            ensemble.restart(victim, null, 0);
            if (!ensemble.awaitAllMembers(REJOIN_TIMEOUT)) {
                detail += "; NB: peer " + victim + " had not rejoined after " + REJOIN_TIMEOUT;
            }
            return new Trial(index, elapsedS, detail);
        }
    }

    /** Round holds one round's figures, one per placement. */
    private static final class Round {
        int leaderId;
        double createP50Ms;
        final List<Shape> shapes = new ArrayList<>();
        final List<Measured> figures = new ArrayList<>();
    }

    /** Trial is one hand-over trial: seconds until the other participant led (NaN if it did not), and what happened. */
    private record Trial(int index, double seconds, String detail) {
    }
}
