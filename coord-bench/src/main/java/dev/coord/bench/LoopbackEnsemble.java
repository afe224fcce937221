package dev.coord.bench;

import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.Durability;
import dev.coord.Role;
import dev.coord.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LoopbackEnsemble is a three-peer Coord ensemble on free loopback ports (FSYNC unless told): peer 1 embedded
 * in this JVM (the benchmark's client), peers 2 and 3 in child JVMs ({@link ChildPeer}). Each peer
 * keeps its data in {@code dir/p<id>}; the children's logs go to {@code logDir/peer<id>.log}.
 *
 * <p>With equal (empty) histories the highest id wins the first election, so peer 3 is expected to
 * lead at first and peer 1 to follow. Used by one controlling thread.
 */
final class LoopbackEnsemble implements AutoCloseable {
    static final int EMBEDDED_ID = 1;
    static final List<Integer> CHILD_IDS = List.of(2, 3);
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackEnsemble.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Path dir;
    private final Path logDir;
    private final Duration sessionTimeout;
    private final Durability durability;
    private final Map<Integer, Integer> ports = new TreeMap<>();
    private final Map<Integer, ChildPeer> children = new TreeMap<>();
    private Coordinator embedded;

    private LoopbackEnsemble(Path dir, Path logDir, Duration sessionTimeout, Durability durability) {
        this.dir = dir;
        this.durability = durability;
        this.logDir = logDir;
        this.sessionTimeout = sessionTimeout;
    }

    /**
     * Starts the ensemble on fresh data directories under {@code dir} (deleted first) and returns once
     * all three peers serve. On failure every child started so far is killed.
     */
    static LoopbackEnsemble start(Path dir, Path logDir, Duration sessionTimeout, Durability durability)
            throws IOException, InterruptedException {
        Measurements.deleteRecursively(dir);
        LoopbackEnsemble ensemble = new LoopbackEnsemble(dir, logDir, sessionTimeout, durability);
        boolean started = false;
        try {
            ensemble.pickPorts();
            for (int id : CHILD_IDS) {
                ensemble.spawnChild(id, null, 0);
            }
            // The children first: each serves once the two form a quorum, and with equal histories
            // peer 3 wins; peer 1 then joins as a follower.
            for (ChildPeer child : ensemble.children.values()) {
                child.awaitReady(READY_TIMEOUT);
            }
            ensemble.startEmbedded();
            started = true;
            return ensemble;
        } finally {
            if (!started) {
                ensemble.close();
            }
        }
    }

    /** The embedded peer, with its default session. */
    Coordinator embedded() {
        return embedded;
    }

    /** The leader as the embedded peer sees it, or -1. */
    int leaderId() {
        return embedded.status().leaderId();
    }

    ChildPeer child(int id) {
        return children.get(id);
    }

    Path logFile(int id) {
        return logDir.resolve("peer" + id + ".log");
    }

    /** Kills child {@code id} with SIGKILL and waits until it is gone. */
    void kill(int id) throws InterruptedException {
        children.get(id).kill();
    }

    /** Stops child {@code id} cleanly (closing its sessions), if it is alive. */
    void stop(int id) throws InterruptedException {
        ChildPeer child = children.get(id);
        if (child.isAlive()) {
            child.stop(STOP_GRACE);
        }
    }

    /**
     * Starts child {@code id} again on its data directory and waits until it serves (and has created
     * {@code ephemerals} ephemerals under {@code ephemeralParent}, if that is not null).
     */
    void restart(int id, String ephemeralParent, int ephemerals) throws IOException, InterruptedException {
        if (children.get(id).isAlive()) {
            throw new IllegalStateException("peer " + id + " is still running");
        }
        spawnChild(id, ephemeralParent, ephemerals).awaitReady(READY_TIMEOUT);
    }

    /** Closes the embedded peer cleanly and starts it again on its data directory. */
    void restartEmbedded() {
        embedded.close();
        embedded = null;
        startEmbedded();
    }

    /**
     * Waits until the embedded peer follows or leads a known leader, serves, and sees every member
     * connected (and, when it leads, synced). Returns false if that did not happen within {@code timeout}.
     */
    boolean awaitAllMembers(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (allMembersUp(embedded.status())) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /**
     * Makes a child lead if the embedded peer does: a leader keeps its quorum when a follower dies, so
     * killing a child would not unseat peer 1; restarting peer 1 makes the children elect one of them.
     * Returns whether a child leads in the end (it tries three times, waiting up to {@code rejoinTimeout}
     * each for every member to be back).
     */
    boolean ensureChildLeads(Duration rejoinTimeout) throws InterruptedException {
        for (int attempt = 0; attempt < 3 && leaderId() == EMBEDDED_ID; attempt++) {
            System.out.printf("NB: the embedded peer 1 leads; restarting it so that a child leads%n");
            restartEmbedded();
            if (!awaitAllMembers(rejoinTimeout)) {
                System.out.printf("NB: not all members up after restarting peer 1: %s%n", describeStatus());
            }
        }
        return leaderId() != EMBEDDED_ID;
    }

    /** A one-line description of the embedded peer's status, for notes. */
    String describeStatus() {
        Status s = embedded.status();
        StringBuilder b = new StringBuilder("peer 1 ").append(s.role()).append(", leader ").append(s.leaderId())
                .append(", epoch ").append(s.epoch()).append(", members");
        for (Status.Member m : s.members()) {
            b.append(' ').append(m.id()).append('=').append(m.state());
        }
        return b.toString();
    }

    /** Closes the embedded peer and stops every child (killing those that do not exit in time). */
    @Override
    public void close() throws InterruptedException {
        try {
            if (embedded != null) {
                embedded.close();
                embedded = null;
            }
        } finally {
            for (ChildPeer child : children.values()) {
                if (child.isAlive()) {
                    child.stop(STOP_GRACE);
                }
            }
        }
    }

    private static boolean allMembersUp(Status s) {
        if (s.leaderId() <= 0 || (s.role() != Role.FOLLOWING && s.role() != Role.LEADING)) {
            return false;
        }
        for (Status.Member m : s.members()) {
            String state = m.state();
            if (state.contains("not serving") || state.equals("DISCONNECTED")
                    || (s.role() == Role.LEADING && m.id() != s.peerId() && !state.equals("SYNCED"))) {
                return false;
            }
        }
        return true;
    }

    private void pickPorts() throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int id = 1; id <= 3; id++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                sockets.add(socket);
                ports.put(id, socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private ChildPeer spawnChild(int id, String ephemeralParent, int ephemerals) throws IOException {
        List<String> args = new ArrayList<>(List.of("--id", Integer.toString(id),
                "--dir", dir.resolve("p" + id).toString(),
                "--durability", durability.name(),
                "--session-timeout-ms", Long.toString(sessionTimeout.toMillis())));
        for (Map.Entry<Integer, Integer> port : ports.entrySet()) {
            args.add("--member");
            args.add(port.getKey() + "=" + HOST + ":" + port.getValue());
        }
        if (ephemeralParent != null) {
            args.addAll(List.of("--ephemerals", ephemeralParent, Integer.toString(ephemerals)));
        }
        ChildPeer child = ChildPeer.spawn(id, args, logFile(id));
        children.put(id, child);
        return child;
    }

    /** Starts the embedded peer; retries a few times if no quorum formed within the request timeout. */
    private void startEmbedded() {
        Coordinator.Builder builder = Coordinator.builder().peerId(EMBEDDED_ID).dataDir(dir.resolve("p" + EMBEDDED_ID))
                .durability(durability).sessionTimeout(sessionTimeout);
        for (Map.Entry<Integer, Integer> port : ports.entrySet()) {
            builder.member(port.getKey(), HOST, port.getValue());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                embedded = builder.start();
                return;
            } catch (CoordException e) {
                if (attempt == 3) {
                    throw e;
                }
                LOG.warn("Peer 1 start failed ({}); retrying", e.toString());
                System.out.printf("NB: the embedded peer 1 did not start (%s); retrying%n", e);
            }
        }
    }
}
