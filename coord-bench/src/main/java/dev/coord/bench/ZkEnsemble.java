package dev.coord.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * ZkEnsemble is an Apache ZooKeeper ensemble of {@code n} servers on loopback, each a JVM of its own
 * running {@code org.apache.zookeeper.server.quorum.QuorumPeerMain} (from this JVM's classpath) on a
 * generated {@code zoo.cfg}: fsync on ({@code forceSync=yes}), admin server off, the {@code srvr} and
 * {@code ruok} four-letter words on, each server's data under {@code dir/zk<id>}. One server is
 * standalone.
 *
 * <p>Every server process ever started is remembered, and a shutdown hook kills the ones still alive;
 * {@link #close()} kills them by their own PIDs. Used by one controlling thread.
 */
final class ZkEnsemble implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ZkEnsemble::killAll, "kill-zookeeper-servers"));
    }

    private final Path dir;
    private final Path logDir;
    private final List<String> jvmFlags;
    private final Map<Integer, int[]> ports = new TreeMap<>();
    private final Map<Integer, Process> servers = new TreeMap<>();

    private ZkEnsemble(Path dir, Path logDir, List<String> jvmFlags) {
        this.dir = dir;
        this.logDir = logDir;
        this.jvmFlags = jvmFlags;
    }

    /**
     * Writes the configuration of {@code n} servers under {@code dir} (deleted first), starts them, and
     * returns once each answers {@code srvr} as serving. On failure every server started is killed.
     *
     * @param snapCount ZooKeeper's {@code snapCount} (transactions between snapshots)
     */
    static ZkEnsemble start(Path dir, Path logDir, int n, long snapCount, List<String> jvmFlags, Duration timeout)
            throws IOException, InterruptedException {
        Measurements.deleteRecursively(dir);
        ZkEnsemble ensemble = new ZkEnsemble(dir, logDir, jvmFlags);
        boolean started = false;
        try {
            ensemble.configure(n, snapCount);
            for (int id : ensemble.ports.keySet()) {
                ensemble.spawn(id);
            }
            ensemble.awaitServing(timeout);
            started = true;
            return ensemble;
        } finally {
            if (!started) {
                ensemble.close();
            }
        }
    }

    /** Kills every server process this JVM started that is still alive. */
    static void killAll() {
        LIVE.forEach(Process::destroyForcibly);
    }

    Set<Integer> ids() {
        return ports.keySet();
    }

    /** The {@code host:port} a client connects to for server {@code id}. */
    String connectString(int id) {
        return HOST + ":" + ports.get(id)[0];
    }

    long pid(int id) {
        return servers.get(id).pid();
    }

    Path dataDir(int id) {
        return dir.resolve("zk" + id);
    }

    /** The server's mode from {@code srvr} ({@code leader}, {@code follower}, {@code standalone}), or null if it does not serve. */
    String mode(int id) {
        String reply = fourLetterWord(id, "srvr");
        if (reply == null) {
            return null;
        }
        for (String line : reply.split("\n")) {
            if (line.startsWith("Mode: ")) {
                return line.substring(6).trim();
            }
        }
        return null;
    }

    /** The id of the server that reports itself leader (or standalone), or -1. */
    int leaderId() {
        for (int id : ports.keySet()) {
            String mode = mode(id);
            if ("leader".equals(mode) || "standalone".equals(mode)) {
                return id;
            }
        }
        return -1;
    }

    /** Waits until every live server serves (answers {@code srvr} with a mode); throws if not within {@code timeout}. */
    void awaitServing(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int id : ports.keySet()) {
            while (mode(id) == null) {
                Process p = servers.get(id);
                if (!p.isAlive()) {
                    throw new IllegalStateException("ZooKeeper server " + id + " exited with " + p.exitValue()
                            + "; see " + logFile(id));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ZooKeeper server " + id + " not serving after " + timeout
                            + "; see " + logFile(id));
                }
                Thread.sleep(20);
            }
        }
    }

    /** Kills server {@code id} with SIGKILL, as a crash would, and waits until it is gone. */
    void kill(int id) throws InterruptedException {
        Process p = servers.get(id);
        p.destroyForcibly();
        p.waitFor();
        LIVE.remove(p);
    }

    /** Starts server {@code id} again on its data directory, without waiting. */
    void restart(int id) throws IOException {
        if (servers.get(id).isAlive()) {
            throw new IllegalStateException("ZooKeeper server " + id + " is still running");
        }
        spawn(id);
    }

    Path logFile(int id) {
        return logDir.resolve("zk" + id + ".log");
    }

    /** Stops every server: SIGTERM, then SIGKILL to those still alive after a grace period. */
    @Override
    public void close() throws InterruptedException {
        for (Process p : servers.values()) {
            p.destroy();
        }
        for (Process p : servers.values()) {
            if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
            }
            LIVE.remove(p);
        }
    }

    /** Opens a ZooKeeper client on server {@code id} and waits until it is connected. */
    ZooKeeper connect(int id, Duration sessionTimeout, Duration timeout) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString(id), (int) sessionTimeout.toMillis(), event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            zk.close();
            throw new IllegalStateException("no ZooKeeper connection to server " + id + " within " + timeout);
        }
        return zk;
    }

    private void configure(int n, long snapCount) throws IOException {
        List<java.net.ServerSocket> sockets = new ArrayList<>();
        try {
            for (int id = 1; id <= n; id++) {
                int[] p = new int[3];
                for (int i = 0; i < 3; i++) {
                    java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(HOST));
                    sockets.add(s);
                    p[i] = s.getLocalPort();
                }
                ports.put(id, p);
            }
        } finally {
            for (java.net.ServerSocket s : sockets) {
                s.close();
            }
        }
        for (int id = 1; id <= n; id++) {
            Path data = dataDir(id);
            Files.createDirectories(data);
            StringBuilder cfg = new StringBuilder()
                    .append("tickTime=2000\n")
                    .append("initLimit=10\n")
                    .append("syncLimit=5\n")
                    .append("dataDir=").append(data.toAbsolutePath()).append('\n')
                    .append("clientPortAddress=").append(HOST).append('\n')
                    .append("clientPort=").append(ports.get(id)[0]).append('\n')
                    .append("maxClientCnxns=0\n")
                    .append("forceSync=yes\n")
                    .append("snapCount=").append(snapCount).append('\n')
                    .append("admin.enableServer=false\n")
                    .append("4lw.commands.whitelist=srvr,ruok\n");
            if (n > 1) {
                for (int other = 1; other <= n; other++) {
                    int[] p = ports.get(other);
                    cfg.append("server.").append(other).append('=').append(HOST).append(':').append(p[1]).append(':')
                            .append(p[2]).append('\n');
                }
                Files.writeString(data.resolve("myid"), id + "\n");
            }
            Files.writeString(data.resolve("zoo.cfg"), cfg.toString());
        }
    }

    private void spawn(int id) throws IOException {
        List<String> flags = new ArrayList<>(jvmFlags);
        flags.add("-Dzookeeper.forceSync=yes");
        flags.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        flags.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        List<String> command = JavaCommand.of(org.apache.zookeeper.server.quorum.QuorumPeerMain.class, flags,
                List.of(dataDir(id).resolve("zoo.cfg").toAbsolutePath().toString()));
        Path log = logFile(id);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(log, "---- starting ZooKeeper server " + id + " " + java.time.LocalTime.now() + " ----\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        LIVE.add(p);
        servers.put(id, p);
    }

    /** Sends a four-letter word to server {@code id}'s client port; its reply, or null if it does not serve. */
    private String fourLetterWord(int id, String word) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, ports.get(id)[0]), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            in.transferTo(reply);
            String text = reply.toString(StandardCharsets.US_ASCII);
            return text.contains("not currently serving") || text.isEmpty() ? null : text;
        } catch (IOException e) {
            return null;
        }
    }
}
