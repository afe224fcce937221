package dev.coord.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CoordEnsemble is a Coord ensemble of {@code n} peers on loopback, every one a {@link BenchPeer} in a
 * JVM of its own (one peer is standalone), each keeping its data in {@code dir/p<id>}. The benchmark's
 * Coord workloads run inside a peer (the application embedded in it) through BenchPeer's commands.
 *
 * <p>With equal (empty) histories the highest id wins the first election, so peer 1 starts as a
 * follower. Used by one controlling thread.
 */
final class CoordEnsemble implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Path dir;
    private final Path logDir;
    private final List<String> jvmFlags;
    private final List<String> peerOptions;
    private final Map<Integer, Integer> ports = new TreeMap<>();
    private final Map<Integer, ChildPeer> peers = new TreeMap<>();

    private CoordEnsemble(Path dir, Path logDir, List<String> jvmFlags, List<String> peerOptions) {
        this.dir = dir;
        this.logDir = logDir;
        this.jvmFlags = jvmFlags;
        this.peerOptions = peerOptions;
    }

    /**
     * Starts {@code n} peers on fresh data directories under {@code dir} (deleted first) and returns
     * once every one serves. {@code peerOptions} are extra {@link BenchPeer} options for every peer
     * (e.g. {@code --durability FSYNC}). On failure every peer started is killed.
     */
    static CoordEnsemble start(Path dir, Path logDir, int n, List<String> jvmFlags, List<String> peerOptions,
            Duration timeout) throws IOException, InterruptedException {
        Measurements.deleteRecursively(dir);
        CoordEnsemble ensemble = new CoordEnsemble(dir, logDir, jvmFlags, peerOptions);
        boolean started = false;
        try {
            ensemble.pickPorts(n);
            for (int id = 1; id <= n; id++) {
                ensemble.spawn(id);
            }
            for (ChildPeer peer : ensemble.peers.values()) {
                peer.awaitReady(timeout);
            }
            started = true;
            return ensemble;
        } finally {
            if (!started) {
                ensemble.close();
            }
        }
    }

    ChildPeer peer(int id) {
        return peers.get(id);
    }

    Path dataDir(int id) {
        return dir.resolve("p" + id);
    }

    int size() {
        return ports.size();
    }

    /** The leader as peer {@code asker} sees it (itself when standalone), or -1 if it does not answer. */
    int leaderId(int asker) throws InterruptedException {
        String status = peers.get(asker).status(Duration.ofSeconds(5));
        if (status == null) {
            return -1;
        }
        if (ports.size() == 1) {
            return asker;
        }
        for (String word : status.split(" ")) {
            if (word.startsWith("leader=")) {
                return Integer.parseInt(word.substring(7));
            }
        }
        return -1;
    }

    /** Kills peer {@code id} with SIGKILL and waits until it is gone. */
    void kill(int id) throws InterruptedException {
        peers.get(id).kill();
    }

    /** Stops peer {@code id} cleanly (it closes its peer on stdin's end), killing it after a grace period. */
    void stop(int id) throws InterruptedException {
        ChildPeer peer = peers.get(id);
        if (peer.isAlive()) {
            peer.stop(STOP_GRACE);
        }
    }

    /**
     * Starts peer {@code id} again on its data directory with {@code extraOptions} besides the
     * ensemble's; returns at once (await {@link ChildPeer#awaitReady}).
     */
    ChildPeer restart(int id, List<String> extraOptions) throws IOException {
        if (peers.get(id).isAlive()) {
            throw new IllegalStateException("peer " + id + " is still running");
        }
        return spawn(id, extraOptions);
    }

    /** Stops every peer cleanly, killing those that do not exit in time. */
    @Override
    public void close() throws InterruptedException {
        for (ChildPeer peer : peers.values()) {
            if (peer.isAlive()) {
                peer.stop(STOP_GRACE);
            }
        }
    }

    private void pickPorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int id = 1; id <= n; id++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(ZkEnsemble.HOST));
                sockets.add(socket);
                ports.put(id, socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private ChildPeer spawn(int id) throws IOException {
        return spawn(id, List.of());
    }

    private ChildPeer spawn(int id, List<String> extraOptions) throws IOException {
        List<String> args = new ArrayList<>(List.of("--id", Integer.toString(id), "--dir", dir.resolve("p" + id).toString()));
        args.addAll(peerOptions);
        args.addAll(extraOptions);
        if (ports.size() > 1) {
            for (Map.Entry<Integer, Integer> port : ports.entrySet()) {
                args.add("--member");
                args.add(port.getKey() + "=" + ZkEnsemble.HOST + ":" + port.getValue());
            }
        }
        ChildPeer peer = ChildPeer.spawn(id, jvmFlags, args, logDir.resolve("coord" + id + ".log"));
        peers.put(id, peer);
        return peer;
    }
}
