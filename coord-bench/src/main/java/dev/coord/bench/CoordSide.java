package dev.coord.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CoordSide is Coord in {@link Compare}: every peer a {@link BenchPeer} JVM ({@link CoordEnsemble}),
 * FSYNC, the workloads run by the application embedded in a follower peer ({@link CompareCommands},
 * {@link LockLoop} with {@code coord-recipes}' lock), which reports its figures back on stdout.
 */
final class CoordSide implements CompareSide {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REPLY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration FAULT_DEADLINE = Duration.ofSeconds(70);
    private static final String NO_SNAPSHOTS = Integer.toString(Integer.MAX_VALUE);

    private final Settings settings;
    private int ensembles;

    CoordSide(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "Coord";
    }

    @Override
    public Map<String, Double> dataRound(int n) throws Exception {
        try (CoordEnsemble coord = start(n, List.of())) {
            ChildPeer client = coord.peer(follower(coord));
            ask(client, "prepare");
            Compare.progress("Coord n=%d: writes (application in peer %d)", n, client.id());
            Map<String, Double> figures = new LinkedHashMap<>(CompareWorkload.parseLine(
                    ask(client, "writes " + settings.seconds() + " " + settings.warmup())));
            Compare.progress("Coord n=%d: reads", n);
            figures.putAll(CompareWorkload.parseLine(ask(client, "reads " + settings.seconds() + " " + settings.warmup())));
            ask(client, "mkdir /locks");
            Compare.progress("Coord n=%d: lock warm-up", n);
            ask(client, "locks /locks/warm 4 " + settings.warmup() / 2);
            for (int sessions : new int[] {1, 8}) {
                Compare.progress("Coord n=%d: coord-recipes Lock, %d sessions", n, sessions);
                String[] r = ask(client, "locks /locks/l" + sessions + " " + sessions + " " + settings.seconds()).split(" ");
                if (Long.parseLong(r[5]) != 0) {
                    throw new IllegalStateException(r[5] + " lock violations on Coord");
                }
                figures.put("lock." + sessions, Long.parseLong(r[1]) / (Long.parseLong(r[2]) / 1e9));
            }
            return figures;
        }
    }

    @Override
    public Map<String, List<Double>> faults(int n, int trials) throws Exception {
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        try (CoordEnsemble coord = start(n, List.of())) {
            int client = follower(coord);
            ask(coord.peer(client), "mkdir /fo");
            for (int t = 0; t < trials; t++) {
                figures.computeIfAbsent("failover.s", k -> new ArrayList<>()).add(failover(coord, client, t));
                figures.computeIfAbsent("ephemeral.close.s", k -> new ArrayList<>()).add(ephemeral(coord, client, t, false));
                figures.computeIfAbsent("ephemeral.kill.s", k -> new ArrayList<>()).add(ephemeral(coord, client, t, true));
            }
        }
        return figures;
    }

    private double failover(CoordEnsemble coord, int client, int trial) throws Exception {
        int leader = coord.leaderId(client);
        if (leader == client || leader < 0) {
            Compare.progress("Coord failover trial %d not run: the leader is %d and the client is on %d", trial, leader, client);
            return Double.NaN;
        }
        long t0 = System.nanoTime();
        coord.kill(leader);
        coord.peer(client).command("firstwrite /fo");
        String[] r = await(coord.peer(client), "firstwrite", FAULT_DEADLINE).split(" ");
        double s = (Long.parseLong(r[1]) - t0) / 1e9;
        Compare.progress("Coord failover trial %d: leader %d killed, first write after %.3f s (%s attempts)", trial, leader, s, r[2]);
        coord.restart(leader, List.of()).awaitReady(START_TIMEOUT);
        return s;
    }

    private double ephemeral(CoordEnsemble coord, int client, int trial, boolean kill) throws Exception {
        int leader = coord.leaderId(client);
        int holderId = -1;
        for (int id = 1; id <= coord.size(); id++) {
            if (id != client && id != leader) {
                holderId = id;
            }
        }
        if (holderId < 0) {
            Compare.progress("Coord ephemeral trial %d not run: no peer besides the client's %d and the leader %d", trial, client, leader);
            return Double.NaN;
        }
        ChildPeer holder = coord.peer(holderId);
        String path = "/eph-" + trial + (kill ? "-kill" : "-close");
        ask(holder, "ephemeral " + path);
        ask(coord.peer(client), "watchgone " + path);
        long t0 = System.nanoTime();
        if (kill) {
            coord.kill(holderId);
        } else {
            holder.command("closeephemeral");
        }
        String[] r = await(coord.peer(client), "gone", FAULT_DEADLINE).split(" ");
        double s = (Long.parseLong(r[1]) - t0) / 1e9;
        Compare.progress("Coord ephemeral trial %d: holder peer %d %s, gone after %.3f s", trial, holderId,
                kill ? "killed" : "closed its session", s);
        if (kill) {
            coord.restart(holderId, List.of()).awaitReady(START_TIMEOUT);
        }
        return s;
    }

    @Override
    public Map<String, Double> memoryAndRecovery(int znodes, int updates) throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        int populateTxns = 1 + (znodes + Compare.POPULATE_BATCH - 1) / Compare.POPULATE_BATCH;
        // The first start takes one snapshot, right after the populating transactions; later ones none.
        try (CoordEnsemble coord = start(1, List.of("--snapshot-every", Integer.toString(populateTxns)))) {
            ChildPeer peer = coord.peer(1);
            long empty = HeapProbe.usedAfterGc(peer.pid());
            Compare.progress("Coord memory: populating %,d znodes", znodes);
            String populated = ask(peer, "populate " + znodes + " " + Compare.POPULATE_BATCH);
            Compare.progress("Coord memory: populated in %s s", populated.split(" ")[1]);
            // As on the other side: small writes after the big multis, before the heap is measured.
            ask(peer, "updates " + Compare.SETTLE_UPDATES + " " + znodes);
            long full = HeapProbe.usedAfterGc(peer.pid());
            figures.put("heap.empty.bytes", (double) empty);
            figures.put("heap.full.bytes", (double) full);
            figures.put("heap.per.znode", (full - empty) / (double) znodes);
            HeapProbe.histogram(peer.pid(), settings.logDir().resolve("heap-histogram-coord.txt"), 30);
            // A clean stop waits for the snapshot being written.
            coord.stop(1);
            Compare.progress("Coord recovery: files after the first run: %s", files(coord, 1));
            peer = coord.restart(1, List.of("--snapshot-every", NO_SNAPSHOTS));
            peer.awaitReady(START_TIMEOUT);
            String updated = ask(peer, "updates " + updates + " " + znodes);
            Compare.progress("Coord recovery: %,d setData in %s s", updates, updated.split(" ")[1]);
            coord.kill(1);
            long t0 = System.nanoTime();
            peer = coord.restart(1, List.of("--snapshot-every", NO_SNAPSHOTS));
            peer.awaitReady(START_TIMEOUT);
            double s = (System.nanoTime() - t0) / 1e9;
            ask(peer, "check /mem/n" + (znodes - 1));
            figures.put("recovery.s", s);
            Compare.progress("Coord recovery: serving %.3f s after the restart", s);
        }
        return figures;
    }

    private String files(CoordEnsemble coord, int id) throws IOException {
        Path dir = coord.dataDir(id);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> {
                try {
                    return dir.relativize(p) + " (" + Files.size(p) / 1024 + " KiB)";
                } catch (IOException e) {
                    return dir.relativize(p).toString();
                }
            }).sorted().toList().toString();
        }
    }

    private CoordEnsemble start(int n, List<String> options) throws IOException, InterruptedException {
        List<String> peerOptions = new ArrayList<>(List.of("--durability", "FSYNC",
                "--session-timeout-ms", Long.toString(settings.sessionTimeout().toMillis())));
        peerOptions.addAll(options);
        Path dir = settings.dir().resolve("coord-" + (ensembles++));
        return CoordEnsemble.start(dir, settings.logDir(), n, settings.jvmFlags(), peerOptions, START_TIMEOUT);
    }

    /** Peer 1 if it follows (or is standalone), otherwise another follower. */
    private static int follower(CoordEnsemble coord) throws InterruptedException {
        if (coord.size() == 1) {
            return 1;
        }
        for (int id = 1; id <= coord.size(); id++) {
            String status = coord.peer(id).status(Duration.ofSeconds(5));
            if (status != null && status.startsWith("status FOLLOWING")) {
                return id;
            }
        }
        throw new IllegalStateException("no Coord peer reports itself a follower");
    }

    /** Sends {@code command} and returns its reply line (the one starting with its first word); throws on a failure reply. */
    private static String ask(ChildPeer peer, String command) throws InterruptedException {
        peer.command(command);
        return await(peer, command.split(" ")[0], REPLY_TIMEOUT);
    }

    private static String await(ChildPeer peer, String expected, Duration timeout) throws InterruptedException {
        String word = expected.split(" ")[0];
        String line = peer.awaitReply(word, timeout);
        if (line == null) {
            throw new IllegalStateException("peer " + peer.id() + ": no '" + word + "' reply within " + timeout
                    + (peer.isAlive() ? "" : " (it exited)") + "; see " + peer.logFile());
        }
        if (line.startsWith(word + " failed")) {
            throw new IllegalStateException("peer " + peer.id() + ": " + line + "; see " + peer.logFile());
        }
        return line;
    }
}
