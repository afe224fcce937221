package dev.coord.recipes.testing;

import dev.coord.testkit.net.FreePorts;
import dev.coord.Coordinator;
import dev.coord.Role;
import dev.coord.TestPeers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * TestEnsemble runs a replicated ensemble of Coordinators in this JVM over TCP on loopback, in memory
 * or with data directories, and lets a test kill (crash), stop (clean close), restart and partition
 * members. Crash and partition go through {@link TestPeers}, coord-core's test-jar hook.
 */
public final class TestEnsemble implements AutoCloseable {
    /** Options are the timing knobs of the members. */
    public record Options(Path dataDir, Duration tick, Duration sessionTimeout, int syncLimitTicks) {
        /** In memory, 100 ms ticks, 10 s default sessions, the default sync limit. */
        public static Options defaults() {
            return new Options(null, Duration.ofMillis(100), Duration.ofSeconds(10), 20);
        }

        /** Quick failure detection for crash tests: 50 ms ticks, a 1 s sync limit. */
        public static Options quick(Path dataDir, Duration sessionTimeout) {
            return new Options(dataDir, Duration.ofMillis(50), sessionTimeout, 20);
        }
    }

    private final Map<Integer, Integer> ports = new TreeMap<>();
    private final Map<Integer, Coordinator> peers = new TreeMap<>();
    private final Options options;

    private TestEnsemble(int voters, Options options) {
        this.options = options;
        List<Integer> free = FreePorts.pick(voters, "127.0.0.1");
        for (int id = 1; id <= voters; id++) {
            ports.put(id, free.get(id - 1));
        }
    }

    /** Starts {@code voters} members at once and returns when all serve. */
    public static TestEnsemble start(int voters, Options options) {
        TestEnsemble e = new TestEnsemble(voters, options);
        List<CompletableFuture<Coordinator>> starting = new ArrayList<>();
        for (int id : e.ports.keySet()) {
            starting.add(CompletableFuture.supplyAsync(() -> e.build(id), r -> new Thread(r, "start-peer-" + id).start()));
        }
        int i = 0;
        for (int id : e.ports.keySet()) {
            e.peers.put(id, starting.get(i++).join());
        }
        return e;
    }

    private Coordinator build(int id) {
        Coordinator.Builder b = Coordinator.builder().peerId(id).tick(options.tick())
                .sessionTimeout(options.sessionTimeout()).syncLimitTicks(options.syncLimitTicks())
                .requestTimeout(Duration.ofSeconds(20));
        if (options.dataDir() != null) {
            b.dataDir(options.dataDir().resolve("peer" + id)).logBlockBytes(1 << 20);
        }
        for (Map.Entry<Integer, Integer> e : ports.entrySet()) {
            b.member(e.getKey(), "127.0.0.1", e.getValue());
        }
        return b.start();
    }

    /** The running member {@code id}. */
    public Coordinator peer(int id) {
        Coordinator c = peers.get(id);
        if (c == null) {
            throw new IllegalStateException("peer " + id + " is not running");
        }
        return c;
    }

    /** The ids of the running members. */
    public List<Integer> running() {
        return new ArrayList<>(peers.keySet());
    }

    /** The id of the running member that leads, or -1. */
    public int leaderId() {
        for (Map.Entry<Integer, Coordinator> e : peers.entrySet()) {
            if (e.getValue().status().role() == Role.LEADING) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** A running member that does not lead (the lowest id). */
    public int followerId() {
        int leader = leaderId();
        for (int id : peers.keySet()) {
            if (id != leader) {
                return id;
            }
        }
        throw new IllegalStateException("no follower is running");
    }

    /** Crashes member {@code id}: nothing is closed or sent any more. */
    public void kill(int id) {
        TestPeers.halt(peers.remove(id));
    }

    /** Stops member {@code id} cleanly (its sessions are closed first). */
    public void stop(int id) {
        peers.remove(id).close();
    }

    /** Starts member {@code id} again (same data directory, if any). */
    public void restart(int id) {
        peers.put(id, build(id));
    }

    /** Cuts member {@code id} off from every other member, both ways, silently. */
    public void isolate(int id) {
        Set<Integer> others = new TreeSet<>(peers.keySet());
        others.remove(id);
        TestPeers.partitionFrom(peer(id), others);
        for (int other : others) {
            TestPeers.partitionFrom(peer(other), Set.of(id));
        }
    }

    /** Heals every partition. */
    public void heal() {
        for (Coordinator c : peers.values()) {
            TestPeers.partitionFrom(c, Set.of());
        }
    }

    @Override
    public void close() {
        for (Coordinator c : peers.values()) {
            try {
                TestPeers.halt(c);
            } catch (RuntimeException ignored) {
                // best effort at the end of a test
            }
        }
        peers.clear();
    }
}
