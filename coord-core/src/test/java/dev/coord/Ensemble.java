package dev.coord;

import dev.coord.testkit.net.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Ensemble starts several Coordinators in this JVM as an ensemble over real TCP on loopback, each with
 * its own data directory, and lets a test stop ("kill": abrupt close of everything but the data
 * directory) and restart members.
 */
final class Ensemble implements AutoCloseable {
    final Map<Integer, Integer> ports = new TreeMap<>();
    final Set<Integer> observers;
    final Map<Integer, Coordinator> peers = new TreeMap<>();
    private final Path dir;
    private final int committedLogWindow;
    /** Adds settings to each member's builder before it starts (security, say); by peer id. */
    java.util.function.BiConsumer<Integer, Coordinator.Builder> customizer = (id, builder) -> { };

    Ensemble(Path dir, int voters, Set<Integer> observers, int committedLogWindow) throws IOException {
        this.dir = dir;
        this.observers = observers;
        this.committedLogWindow = committedLogWindow;
        List<Integer> free = FreePorts.pick(voters + observers.size(), "127.0.0.1");
        for (int id = 1; id <= free.size(); id++) {
            ports.put(id, free.get(id - 1));
        }
    }

    /** Applies {@code settings} to every member's builder, at its next start. */
    Ensemble configure(java.util.function.Consumer<Coordinator.Builder> settings) {
        this.customizer = (id, builder) -> settings.accept(builder);
        return this;
    }

    /** Starts every member at once (they elect a leader) and waits until all serve. */
    Ensemble startAll() {
        List<CompletableFuture<Coordinator>> starting = new ArrayList<>();
        for (int id : ports.keySet()) {
            int peer = id;
            CompletableFuture<Coordinator> f = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    f.complete(build(peer));
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            }, "start-peer-" + id);
            t.start();
            starting.add(f);
        }
        for (int i = 0; i < starting.size(); i++) {
            Coordinator c = starting.get(i).join();
            peers.put(new ArrayList<>(ports.keySet()).get(i), c);
        }
        return this;
    }

    Coordinator build(int id) {
        Coordinator.Builder b = Coordinator.builder().peerId(id).dataDir(dir.resolve("peer" + id))
                .logBlockBytes(1 << 20).tick(Duration.ofMillis(100)).sessionTimeout(Duration.ofSeconds(4))
                // Below the session timeout, as docs/OPERATIONS.md advises: a peer that decided for a leader
                // on a vote that then changed waits up to the init limit before looking again, and its
                // sessions expire if that exceeds their timeout (seen in SecureEnsembleTest's rolling restarts).
                .initLimitTicks(30)
                .committedLogWindow(committedLogWindow).requestTimeout(Duration.ofSeconds(20));
        for (Map.Entry<Integer, Integer> e : ports.entrySet()) {
            if (observers.contains(e.getKey())) {
                b.observer(e.getKey(), "127.0.0.1", e.getValue());
            } else {
                b.member(e.getKey(), "127.0.0.1", e.getValue());
            }
        }
        customizer.accept(id, b);
        return b.start();
    }

    void restart(int id) {
        peers.put(id, build(id));
    }

    /** Closes a member cleanly: its sessions are closed first. */
    void stop(int id) {
        Coordinator c = peers.remove(id);
        c.close();
    }

    /** Stops a member abruptly: no session is closed, nothing more is sent or flushed. */
    void kill(int id) {
        Coordinator c = peers.remove(id);
        c.halt();
    }

    /** Splits the running members into {@code side} and the rest, silently, both ways. */
    void partition(Set<Integer> side) {
        for (Map.Entry<Integer, Coordinator> e : peers.entrySet()) {
            Set<Integer> cut = new java.util.TreeSet<>();
            for (int other : peers.keySet()) {
                if (side.contains(e.getKey()) != side.contains(other)) {
                    cut.add(other);
                }
            }
            e.getValue().partitionFrom(cut);
        }
    }

    /** Heals every partition. */
    void heal() {
        for (Coordinator c : peers.values()) {
            c.partitionFrom(Set.of());
        }
    }

    int leader() {
        for (Map.Entry<Integer, Coordinator> e : peers.entrySet()) {
            Status s = e.getValue().status();
            if (s.role() == Role.LEADING) {
                return e.getKey();
            }
        }
        return -1;
    }

    static void await(Supplier<Boolean> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        for (Coordinator c : peers.values()) {
            try {
                c.halt();
            } catch (RuntimeException ignored) {
                // best effort at the end of a test
            }
        }
    }
}
