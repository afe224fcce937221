package dev.coord.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * ZkSide is Apache ZooKeeper 3.9.5 in {@link Compare}: servers in JVMs of their own ({@link ZkEnsemble}),
 * the client in the benchmark's JVM (the ZooKeeper client for data and faults, Curator's
 * {@code InterProcessMutex} for locks) connected to a follower only.
 */
final class ZkSide implements CompareSide {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FAULT_DEADLINE = Duration.ofSeconds(60);
    private static final long DEFAULT_SNAP_COUNT = 100_000;
    /** Large enough that no snapshot is taken while a memory run writes. */
    private static final long NO_SNAPSHOTS = 100_000_000;

    private final Settings settings;
    private int ensembles;

    ZkSide(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "ZooKeeper";
    }

    @Override
    public Map<String, Double> dataRound(int n) throws Exception {
        try (ZkEnsemble zk = start(n, DEFAULT_SNAP_COUNT)) {
            int client = follower(zk);
            Map<String, Double> figures = new LinkedHashMap<>();
            ZooKeeper c = zk.connect(client, settings.sessionTimeout(), CONNECT_TIMEOUT);
            try {
                ZkStore store = new ZkStore(c);
                String[] keys = CompareWorkload.prepareKeys(store);
                Compare.progress("ZooKeeper n=%d: writes (client on server %d, a %s)", n, client, zk.mode(client));
                figures.putAll(CompareWorkload.writes(store, keys, settings.seconds(), settings.warmup()));
                Compare.progress("ZooKeeper n=%d: reads", n);
                figures.putAll(CompareWorkload.reads(store, keys, settings.seconds(), settings.warmup()));
            } finally {
                c.close();
            }
            Compare.progress("ZooKeeper n=%d: lock warm-up", n);
            CuratorLockLoop.run(zk.connectString(client), "/locks/warm", 4, settings.warmup() / 2,
                    (int) settings.sessionTimeout().toMillis());
            for (int sessions : new int[] {1, 8}) {
                Compare.progress("ZooKeeper n=%d: Curator InterProcessMutex, %d sessions", n, sessions);
                CuratorLockLoop.Result r = CuratorLockLoop.run(zk.connectString(client), "/locks/l" + sessions, sessions,
                        settings.seconds(), (int) settings.sessionTimeout().toMillis());
                if (r.violations() != 0) {
                    throw new IllegalStateException(r.violations() + " mutual exclusion violations with Curator");
                }
                figures.put("lock." + sessions, r.perSecond());
            }
            return figures;
        }
    }

    @Override
    public Map<String, List<Double>> faults(int n, int trials) throws Exception {
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        try (ZkEnsemble zk = start(n, DEFAULT_SNAP_COUNT)) {
            int client = follower(zk);
            ZooKeeper c = zk.connect(client, settings.sessionTimeout(), CONNECT_TIMEOUT);
            try {
                c.create("/fo", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                for (int t = 0; t < trials; t++) {
                    figures.computeIfAbsent("failover.s", k -> new ArrayList<>()).add(failover(zk, client, c, t));
                    figures.computeIfAbsent("ephemeral.close.s", k -> new ArrayList<>()).add(ephemeral(zk, client, c, t, false));
                    figures.computeIfAbsent("ephemeral.kill.s", k -> new ArrayList<>()).add(ephemeral(zk, client, c, t, true));
                }
            } finally {
                c.close();
            }
        }
        return figures;
    }

    private double failover(ZkEnsemble zk, int client, ZooKeeper c, int trial) throws Exception {
        int leader = zk.leaderId();
        if (leader == client || leader < 0) {
            Compare.progress("ZooKeeper failover trial %d not run: the leader is %d and the client is on %d", trial, leader, client);
            return Double.NaN;
        }
        long t0 = System.nanoTime();
        zk.kill(leader);
        long deadline = t0 + FAULT_DEADLINE.toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                c.create("/fo/w-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
                break;
            } catch (KeeperException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no write on ZooKeeper server " + client + " within " + FAULT_DEADLINE
                            + " of killing leader " + leader, e);
                }
                Thread.sleep(1);
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        Compare.progress("ZooKeeper failover trial %d: leader %d killed, first write after %.3f s (%d attempts)", trial, leader, s, attempts);
        zk.restart(leader);
        zk.awaitServing(START_TIMEOUT);
        return s;
    }

    private double ephemeral(ZkEnsemble zk, int client, ZooKeeper c, int trial, boolean kill) throws Exception {
        int holderServer = zk.ids().stream().filter(id -> id != client).findFirst().orElseThrow();
        String path = "/eph-" + trial + (kill ? "-kill" : "-close");
        ChildPeer holder = ChildPeer.spawn(ZkHolder.class, 100 + trial, settings.jvmFlags(),
                List.of(zk.connectString(holderServer), Long.toString(settings.sessionTimeout().toMillis()), path),
                settings.logDir().resolve("zk-holder.log"));
        try {
            holder.awaitReady(START_TIMEOUT);
            CountDownLatch gone = new CountDownLatch(1);
            AtomicLong goneAt = new AtomicLong();
            if (c.exists(path, event -> {
                if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
                    goneAt.set(System.nanoTime());
                    gone.countDown();
                }
            }) == null) {
                throw new IllegalStateException("ZooKeeper holder's ephemeral " + path + " not seen by the client");
            }
            long t0 = System.nanoTime();
            if (kill) {
                holder.kill();
            } else {
                holder.command("close");
            }
            if (!gone.await(FAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("ZooKeeper ephemeral " + path + " not gone within " + FAULT_DEADLINE);
            }
            double s = (goneAt.get() - t0) / 1e9;
            Compare.progress("ZooKeeper ephemeral trial %d: holder %s, gone after %.3f s", trial, kill ? "killed" : "closed", s);
            return s;
        } finally {
            if (holder.isAlive()) {
                holder.stop(Duration.ofSeconds(10));
            }
        }
    }

    @Override
    public Map<String, Double> memoryAndRecovery(int znodes, int updates) throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        ZkEnsemble zk = start(1, NO_SNAPSHOTS);
        try {
            ZooKeeper c = zk.connect(1, settings.sessionTimeout(), CONNECT_TIMEOUT);
            long empty = HeapProbe.usedAfterGc(zk.pid(1));
            Compare.progress("ZooKeeper memory: populating %,d znodes", znodes);
            long started = System.nanoTime();
            populate(c, znodes);
            Compare.progress("ZooKeeper memory: populated in %.1f s", (System.nanoTime() - started) / 1e9);
            // Small writes after the big multis, so that in-memory windows of recent transactions (the
            // committed log a leader keeps for syncing followers) hold small ones when the heap is measured.
            update(c, Compare.SETTLE_UPDATES, znodes);
            c.close();
            long full = HeapProbe.usedAfterGc(zk.pid(1));
            figures.put("heap.empty.bytes", (double) empty);
            figures.put("heap.full.bytes", (double) full);
            figures.put("heap.per.znode", (full - empty) / (double) znodes);
            HeapProbe.histogram(zk.pid(1), settings.logDir().resolve("heap-histogram-zookeeper.txt"), 30);
            // A restart loads the log and writes a snapshot of the tree before it serves.
            zk.kill(1);
            zk.restart(1);
            zk.awaitServing(START_TIMEOUT);
            Compare.progress("ZooKeeper recovery: snapshots after restart: %s", snapshots(zk.dataDir(1)));
            c = zk.connect(1, settings.sessionTimeout(), CONNECT_TIMEOUT);
            started = System.nanoTime();
            update(c, updates, znodes);
            Compare.progress("ZooKeeper recovery: %,d setData in %.1f s", updates, (System.nanoTime() - started) / 1e9);
            c.close();
            zk.kill(1);
            long t0 = System.nanoTime();
            zk.restart(1);
            zk.awaitServing(START_TIMEOUT);
            double s = (System.nanoTime() - t0) / 1e9;
            c = zk.connect(1, settings.sessionTimeout(), CONNECT_TIMEOUT);
            try {
                if (c.exists("/mem/n" + (znodes - 1), false) == null) {
                    throw new IllegalStateException("ZooKeeper lost znodes across the restart");
                }
            } finally {
                c.close();
            }
            figures.put("recovery.s", s);
            Compare.progress("ZooKeeper recovery: serving %.3f s after the restart", s);
        } finally {
            zk.close();
        }
        return figures;
    }

    private static void populate(ZooKeeper c, int znodes) throws Exception {
        c.create("/mem", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Semaphore inFlight = new Semaphore(8);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int batch = Compare.POPULATE_BATCH;
        for (int from = 0; from < znodes && failure.get() == null; from += batch) {
            List<Op> ops = new ArrayList<>();
            for (int i = from; i < Math.min(znodes, from + batch); i++) {
                ops.add(Op.create("/mem/n" + i, CompareWorkload.PAYLOAD, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            }
            inFlight.acquire();
            c.multi(ops, (rc, path, ctx, results) -> {
                if (rc != KeeperException.Code.OK.intValue()) {
                    failure.compareAndSet(null, KeeperException.create(KeeperException.Code.get(rc)));
                }
                inFlight.release();
            }, null);
        }
        inFlight.acquire(8);
        if (failure.get() != null) {
            throw new IllegalStateException("populating ZooKeeper failed", failure.get());
        }
    }

    private static void update(ZooKeeper c, int updates, int znodes) throws Exception {
        ZkStore store = new ZkStore(c);
        Semaphore inFlight = new Semaphore(128);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < updates && failure.get() == null; i++) {
            inFlight.acquire();
            CompletableFuture<?> f = store.setData("/mem/n" + (i % znodes), CompareWorkload.PAYLOAD);
            f.whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(128);
        if (failure.get() != null) {
            throw new IllegalStateException("updating ZooKeeper failed", failure.get());
        }
    }

    private static String snapshots(Path dataDir) throws IOException {
        Path v2 = dataDir.resolve("version-2");
        if (!Files.isDirectory(v2)) {
            return "none";
        }
        try (Stream<Path> files = Files.list(v2)) {
            return files.filter(p -> p.getFileName().toString().startsWith("snapshot.")).map(p -> {
                try {
                    return p.getFileName() + " (" + Files.size(p) / 1024 + " KiB)";
                } catch (IOException e) {
                    return p.getFileName().toString();
                }
            }).sorted().toList().toString();
        }
    }

    private ZkEnsemble start(int n, long snapCount) throws IOException, InterruptedException {
        Path dir = settings.dir().resolve("zk-" + (ensembles++));
        return ZkEnsemble.start(dir, settings.logDir(), n, snapCount, settings.jvmFlags(), START_TIMEOUT);
    }

    /** Server 1 if it follows (or is standalone); otherwise another follower. */
    private static int follower(ZkEnsemble zk) {
        if (zk.ids().size() == 1) {
            return 1;
        }
        for (int id : zk.ids()) {
            if ("follower".equals(zk.mode(id))) {
                return id;
            }
        }
        throw new IllegalStateException("no ZooKeeper server reports itself a follower");
    }
}
