package dev.coord.examples.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * VoterProcess is how the launcher starts, finds and signals the JVM of one voter: a
 * {@code cluster-peer} command ({@link ClusterPeer}) whose pid is kept in {@code DIR/peerN.pid}.
 *
 * <p>A pid is only trusted while it names a live process whose command line is a {@code cluster-peer}
 * of this directory, so a stale pid file never makes {@code stop} signal a process that reused the pid.
 */
final class VoterProcess {
    /** The JVM flags Chronicle Queue and Agrona need (README "Embedding: JVM flags"). */
    static final List<String> JVM_FLAGS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");

    private final ClusterFiles files;
    private final int id;

    VoterProcess(ClusterFiles files, int id) {
        this.files = files;
        this.id = id;
    }

    int id() {
        return id;
    }

    /**
     * Starts the voter's JVM with this JVM's java and class path, detached from this one's input, its
     * output appended to {@code DIR/peerN.log}, and records its pid.
     */
    long start() throws IOException {
        Files.writeString(files.log(id), "==== cluster start: peer " + id + " starts\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add("dev.coord.examples.Main");
        command.add("cluster-peer");
        command.add("--cluster");
        command.add(files.dir().toString());
        command.add("--id");
        command.add(Integer.toString(id));
        Process process = new ProcessBuilder(command)
                .redirectInput(new File("/dev/null"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log(id).toFile()))
                .start();
        Files.writeString(files.pid(id), process.pid() + "\n", StandardCharsets.UTF_8);
        return process.pid();
    }

    /** The live voter process the pid file names, if there is one (see the class comment). */
    Optional<ProcessHandle> running() throws IOException {
        String text;
        try {
            text = Files.readString(files.pid(id), StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(files.pid(id) + " does not hold a pid: '" + text + "'");
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurs);
    }

    /** The pid the pid file names, whether or not it runs; -1 if there is no pid file. */
    long recordedPid() throws IOException {
        try {
            return Long.parseLong(Files.readString(files.pid(id), StandardCharsets.UTF_8).trim());
        } catch (NoSuchFileException | NumberFormatException e) {
            return -1;
        }
    }

    /** Forgets the process: deletes the pid and state files. */
    void forget() throws IOException {
        Files.deleteIfExists(files.pid(id));
        Files.deleteIfExists(files.state(id));
    }

    /** The voter's latest state line, if it wrote one. */
    Optional<PeerState> state() {
        try {
            return Optional.of(PeerState.parse(Files.readString(files.state(id), StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The last {@code lines} lines of the voter's log. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(files.log(id), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.startsWith("\tat ")).toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private boolean isOurs(ProcessHandle process) {
        Optional<String[]> arguments = process.info().arguments();
        if (arguments.isEmpty()) {
            return true;                                   // not visible to us: trust the pid file
        }
        List<String> args = List.of(arguments.get());
        int at = args.indexOf("--cluster");
        return args.contains("cluster-peer") && at >= 0 && at + 1 < args.size()
                && Path.of(args.get(at + 1)).equals(files.dir());
    }

    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
