package dev.coord.examples;

import dev.coord.testkit.net.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * PeerEnsemble is a replicated ensemble of {@code peer} JVMs, one per loopback address: peer {@code id}
 * listens on, and dials from, {@code <prefix>.<id>} (the whole of 127/8 is local on Linux), so a
 * firewall rule on addresses cuts exactly the traffic between two given peers.
 *
 * <p>Each peer id is a slot that holds its current {@link PeerProcess}; a restart starts a new
 * process, a new incarnation, on the same data directory, and appends to the same stderr file.
 * Stopping the peer for good is {@link #close()}: every process ever started is resumed and killed.
 *
 * <p>Thread-safe: the nemesis, the workload clients and the test thread share it.
 */
final class PeerEnsemble implements AutoCloseable {
    private final String addressPrefix;
    private final Path dataRoot;
    private final Path logDir;
    private final List<String> extraArguments;
    private final Map<Integer, Integer> ports = new TreeMap<>();
    // Guarded by this.
    private final Map<Integer, PeerProcess> current = new TreeMap<>();
    // Guarded by this: how many processes each slot has started.
    private final Map<Integer, Integer> incarnations = new TreeMap<>();
    // Guarded by this: the processes killed on purpose (the others must never exit during the test).
    private final List<PeerProcess> killed = new ArrayList<>();
    // Guarded by this.
    private final List<PeerProcess> everStarted = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::killAllQuietly, "peer-ensemble-cleanup");

    /**
     * An ensemble of peers 1..{@code size} on {@code addressPrefix.1} and up, each on a free port of its
     * own address; nothing is started yet.
     */
    PeerEnsemble(int size, String addressPrefix, Path dataRoot, Path logDir, List<String> extraArguments) throws IOException {
        this.addressPrefix = addressPrefix;
        this.dataRoot = dataRoot;
        this.logDir = logDir;
        this.extraArguments = List.copyOf(extraArguments);
        for (int id = 1; id <= size; id++) {
            ports.put(id, freePort(address(id)));
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The peer ids, ascending. */
    List<Integer> ids() {
        return List.copyOf(ports.keySet());
    }

    /** The loopback address peer {@code id} listens on and dials from. */
    String address(int id) {
        return addressPrefix + "." + id;
    }

    /** The stderr file of peer {@code id}, shared by all its incarnations. */
    Path logFile(int id) {
        return logDir.resolve("peer" + id + ".stderr");
    }

    /** Starts a new incarnation of peer {@code id} on its data directory; returns at once. */
    synchronized PeerProcess start(int id) throws IOException {
        int incarnation = incarnations.merge(id, 1, Integer::sum);
        String members = ports.entrySet().stream()
                .map(e -> e.getKey() + "=" + address(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(","));
        List<String> arguments = new ArrayList<>(List.of("--id", Integer.toString(id), "--members", members,
                "--data-dir", dataRoot.resolve("peer" + id).toString()));
        arguments.addAll(extraArguments);
        Files.writeString(logFile(id), "==== " + LocalTime.now() + " test: incarnation " + incarnation + " of peer " + id
                + " starts\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        PeerProcess process = PeerProcess.start(id, arguments, logFile(id));
        everStarted.add(process);
        current.put(id, process);
        return process;
    }

    /** Incarnation is one process of a peer: its {@code number} counts the peer's starts from 1. */
    record Incarnation(int id, int number, PeerProcess process) {
    }

    /** The current incarnation of peer {@code id} (its process may have been killed and not restarted yet). */
    synchronized Incarnation current(int id) {
        return new Incarnation(id, incarnations.get(id), current.get(id));
    }

    /** Kills peer {@code id}'s current process with SIGKILL, as a crash would. */
    synchronized void kill(int id) throws InterruptedException {
        PeerProcess process = current.get(id);
        killed.add(process);
        process.killIfAlive();
    }

    /**
     * Restarts peer {@code id} if {@code seen} is still its current process: kills it if it runs, then
     * starts the next incarnation. Returns false if another thread restarted it first.
     */
    synchronized boolean restart(int id, PeerProcess seen) throws IOException, InterruptedException {
        if (current.get(id) != seen) {
            return false;
        }
        if (seen.isAlive()) {
            kill(id);
        }
        start(id);
        return true;
    }

    /** Pauses peer {@code id} with SIGSTOP. */
    synchronized void pause(int id) {
        current.get(id).pause();
    }

    /** Resumes peer {@code id} with SIGCONT. */
    synchronized void resume(int id) {
        current.get(id).resume();
    }

    /** Resumes every current process, and starts again each one that is not running. */
    synchronized void resumeAndRestartAll() throws IOException {
        for (int id : ids()) {
            PeerProcess process = current.get(id);
            process.resume();
            if (!process.isAlive()) {
                start(id);
            }
        }
    }

    /** The processes that exited although nobody killed them, as "peer N (exit status S)". */
    synchronized List<String> unexpectedExits() {
        List<String> exits = new ArrayList<>();
        for (PeerProcess p : everStarted) {
            if (!p.isAlive() && !killed.contains(p)) {
                exits.add("peer " + p.id() + " (pid " + p.pid() + ")");
            }
        }
        return exits;
    }

    /** Resumes and kills every process ever started. Idempotent. */
    @Override
    public void close() {
        killAllQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook does the same
        }
    }

    private synchronized void killAllQuietly() {
        for (PeerProcess p : everStarted) {
            try {
                p.killIfAlive();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.kill();
            } catch (RuntimeException | AssertionError e) {
                p.kill();
            }
        }
    }

    private static int freePort(String address) {
        return FreePorts.pick(1, address).get(0);
    }
}
