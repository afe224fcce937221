package dev.coord.recipes.testing;

import dev.coord.Coordinator;
import dev.coord.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixture gives one test a fresh base path and sessions on a shared topology: a standalone Coordinator
 * or a three-peer in-memory ensemble, each started once per test JVM (starting an ensemble per test
 * would dominate the suite's time) and halted when the JVM exits. Sessions are spread over the peers
 * round-robin and closed by {@link #close()}; tests that crash or partition peers use their own
 * {@link TestEnsemble} instead.
 */
public final class Fixture implements AutoCloseable {
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static Coordinator standalone;
    private static TestEnsemble ensemble;

    private final Topology topology;
    private final String base;
    private final List<Session> sessions = new ArrayList<>();
    private int next;

    private Fixture(Topology topology, String name) {
        this.topology = topology;
        this.base = "/test-" + TESTS.incrementAndGet() + "-" + name;
    }

    /** A fixture on {@code topology}; {@code name} makes its base path readable in logs. */
    public static Fixture of(Topology topology, String name) {
        shared(topology);
        return new Fixture(topology, name);
    }

    private static synchronized void shared(Topology topology) {
        if (topology == Topology.STANDALONE && standalone == null) {
            standalone = Coordinator.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(standalone::close));
        }
        if (topology == Topology.ENSEMBLE && ensemble == null) {
            ensemble = TestEnsemble.start(3, TestEnsemble.Options.defaults());
            Runtime.getRuntime().addShutdownHook(new Thread(ensemble::close));
        }
    }

    /** The number of peers sessions are spread over. */
    public int peerCount() {
        return topology == Topology.STANDALONE ? 1 : 3;
    }

    /** The peer with index {@code i} (0-based, modulo the peer count). */
    public Coordinator peer(int i) {
        return topology == Topology.STANDALONE ? standalone : ensemble.peer(1 + Math.floorMod(i, 3));
    }

    /** {@code base + "/" + name}: a path of this test's own. */
    public String path(String name) {
        return base + "/" + name;
    }

    /** A new session on the next peer, closed with the fixture. */
    public Session session() {
        return session(Duration.ofSeconds(10));
    }

    /** A new session with {@code timeout} on the next peer, closed with the fixture. */
    public synchronized Session session(Duration timeout) {
        Session s = peer(next++).openSession(timeout);
        sessions.add(s);
        return s;
    }

    /** Makes every peer's view current (for asserting on reads from any peer). */
    public void syncAll() {
        for (int i = 0; i < peerCount(); i++) {
            peer(i).sync("/");
        }
    }

    @Override
    public synchronized void close() {
        for (Session s : sessions) {
            s.close();
        }
        sessions.clear();
    }
}
