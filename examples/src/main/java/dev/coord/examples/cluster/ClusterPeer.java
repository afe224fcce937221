package dev.coord.examples.cluster;

import dev.coord.Coordinator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ClusterPeer is the {@code cluster-peer --cluster DIR --id N} command the launcher runs in each voter
 * JVM: it starts voter N of the cluster described in {@code DIR/cluster.properties}, with its data in
 * {@code DIR/data/peerN}, and runs until SIGTERM or SIGINT, which close it cleanly. It reads no input.
 *
 * <p>The voter serves the admin endpoint and web page on loopback, on its peer port plus
 * {@link ClusterConfig#ADMIN_PORT_OFFSET} (read-only).
 *
 * <p>Once the ensemble serves, and then twice a second, it rewrites {@code DIR/peerN.state} with its
 * role, leader, epoch and last zxid ({@link PeerState}): that file is how {@code cluster start} knows
 * a leader serves and how {@code cluster status} reports the roles.
 *
 * <p>Exit status: that of a JVM ended by the signal (143 for SIGTERM) once closed; 1 if the peer cannot
 * start; 2 for a wrong command line.
 */
public final class ClusterPeer {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPeer.class);
    private static final long STATE_PERIOD_MS = 500;

    private ClusterPeer() {
    }

    public static void main(String[] args) {
        Path dir = null;
        int id = -1;
        try {
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--cluster" -> dir = Path.of(args[i + 1]);
                    case "--id" -> id = Integer.parseInt(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (dir == null || id < 1 || args.length % 2 != 0) {
                throw new IllegalArgumentException("--cluster DIR and --id N are required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("cluster-peer: " + e.getMessage() + "\nusage: cluster-peer --cluster DIR --id N");
            System.exit(2);
        }
        int status = run(dir, id);
        if (status != 0) {
            System.exit(status);
        }
    }

    private static int run(Path dir, int id) {
        ClusterFiles files = new ClusterFiles(dir);
        Coordinator coord;
        try {
            ClusterConfig config = ClusterConfig.read(dir);
            if (!config.members().containsKey(id)) {
                throw new IllegalArgumentException("peer " + id + " is not a member of " + files.config());
            }
            coord = config.builder(id).dataDir(files.data(id)).adminPort(config.adminPort(id)).start();
        } catch (RuntimeException e) {
            LOG.error("peer {} could not start", id, e);
            return 1;
        }
        CountDownLatch closed = new CountDownLatch(1);
        ScheduledExecutorService stateWriter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peer-" + id + "-state");
            t.setDaemon(true);
            return t;
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("peer {} closing on a signal", id);
            stateWriter.shutdownNow();
            coord.close();
            deleteQuietly(files.state(id));
            LOG.info("peer {} closed", id);
            closed.countDown();
        }, "peer-" + id + "-shutdown"));
        stateWriter.scheduleAtFixedRate(() -> writeState(coord, files.state(id)), 0, STATE_PERIOD_MS, TimeUnit.MILLISECONDS);
        LOG.info("peer {} serves as {} (leader {})", id, coord.status().role(), coord.status().leaderId());
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void writeState(Coordinator coord, Path file) {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, PeerState.of(coord.status(), System.currentTimeMillis()).format() + "\n",
                    StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write {}: {}", file, e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.toString());
        }
    }
}
