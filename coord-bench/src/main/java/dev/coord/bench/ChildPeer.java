package dev.coord.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * ChildPeer is a {@link BenchPeer} running in a child JVM on this JVM's classpath: the benchmark's
 * handle to start it, wait until it serves, ask its status, and stop or kill it. It also runs other
 * mains that speak a line protocol on their standard streams ({@link ZkHolder}).
 *
 * <p>Every child ever spawned is remembered, and a shutdown hook kills the ones still alive, so no
 * child outlives the benchmark, also when it fails or is interrupted. Its stderr (its log) is appended
 * to a file; its stdout lines are read by a daemon thread. Thread-safe enough for one controlling
 * thread.
 */
final class ChildPeer {
    private static final List<String> LOG_FLAGS = List.of(
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

    /**
     * A system property of the benchmark JVM with extra JVM flags for every child, separated by spaces;
     * {@code {id}} in a flag becomes the child's peer id. For profiling, e.g.
     * {@code -Dcoord.bench.childFlags=-XX:StartFlightRecording=filename=peer{id}.jfr}.
     */
    static final String EXTRA_FLAGS_PROPERTY = "coord.bench.childFlags";

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-child-peers"));
    }

    private final int id;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path logFile;

    private ChildPeer(int id, Process process, Path logFile) {
        this.id = id;
        this.process = process;
        this.logFile = logFile;
        Thread reader = new Thread(this::readStdout, "child-peer-" + id + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a BenchPeer JVM. {@code peerArgs} are BenchPeer's own arguments; its stderr is appended to
     * {@code logFile}.
     */
    static ChildPeer spawn(int id, List<String> peerArgs, Path logFile) throws IOException {
        return spawn(id, List.of(), peerArgs, logFile);
    }

    /** Starts a BenchPeer JVM with {@code jvmFlags} (given before {@link #EXTRA_FLAGS_PROPERTY}'s). */
    static ChildPeer spawn(int id, List<String> jvmFlags, List<String> peerArgs, Path logFile) throws IOException {
        return spawn(BenchPeer.class, id, jvmFlags, peerArgs, logFile);
    }

    /**
     * Starts a JVM running {@code main} (BenchPeer, or another class that speaks a line protocol on its
     * standard streams, such as {@link ZkHolder}) with {@code jvmFlags} and {@code args}.
     */
    static ChildPeer spawn(Class<?> main, int id, List<String> jvmFlags, List<String> peerArgs, Path logFile)
            throws IOException {
        List<String> flags = new java.util.ArrayList<>(LOG_FLAGS);
        flags.addAll(jvmFlags);
        String extra = System.getProperty(EXTRA_FLAGS_PROPERTY, "").trim();
        if (!extra.isEmpty()) {
            for (String flag : extra.split("\\s+")) {
                flags.add(flag.replace("{id}", Integer.toString(id)));
            }
        }
        List<String> command = JavaCommand.of(main, flags, peerArgs);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Files.writeString(logFile, "---- starting peer " + id + " " + java.time.LocalTime.now() + " ----\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Process process = builder.start();
        LIVE.add(process);
        return new ChildPeer(id, process, logFile);
    }

    int id() {
        return id;
    }

    /** The child's process id. */
    long pid() {
        return process.pid();
    }

    /** Kills every child this JVM started that is still alive (the shutdown hook's work, callable earlier). */
    static void killAll() {
        LIVE.forEach(Process::destroyForcibly);
    }

    Path logFile() {
        return logFile;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the {@code ready} line.
     *
     * @throws IllegalStateException if the child exits or does not get ready in time
     */
    void awaitReady(Duration timeout) throws InterruptedException {
        String line = awaitLine("ready", timeout);
        if (line == null) {
            throw new IllegalStateException("peer " + id + (process.isAlive() ? " not ready after " + timeout
                    : " exited with " + process.exitValue()) + "; see " + logFile);
        }
    }

    /** Asks for the child's status line; returns it, or null if none came within {@code timeout}. */
    String status(Duration timeout) throws InterruptedException {
        lines.clear();
        send("status");
        return awaitLine("status", timeout);
    }

    /** Sends {@code command} (one line of {@link BenchPeer}'s protocol) without waiting for its answer. */
    void command(String command) {
        send(command);
    }

    /**
     * Waits for the next stdout line that starts with {@code prefix} (other lines are dropped); null if
     * none came within {@code timeout} or the child exited.
     */
    String awaitReply(String prefix, Duration timeout) throws InterruptedException {
        return awaitLine(prefix, timeout);
    }

    /** Kills the child with SIGKILL, as a crash would, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        LIVE.remove(process);
    }

    /** Closes the child's stdin so it closes its peer cleanly; kills it if it has not exited within {@code grace}. */
    void stop(Duration grace) throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            System.err.printf("peer %d did not exit within %s of its stdin closing; killing it%n", id, grace);
        }
        kill();
    }

    private void send(String command) {
        try {
            OutputStream out = process.getOutputStream();
            out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the child is gone; the caller's wait times out
        }
    }

    private String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String line = lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                return null;
            }
        }
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the child is gone
        }
    }
}
