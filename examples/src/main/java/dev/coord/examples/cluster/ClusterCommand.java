package dev.coord.examples.cluster;

import dev.coord.examples.OptionValues;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ClusterCommand is the launcher behind {@code scripts/cluster.sh}:
 * {@code cluster start|stop|status [DIR] [--base-port N] [--grace-ms N]} runs a three-voter ensemble
 * of {@code cluster-peer} JVMs on this machine's loopback, with everything in DIR (default
 * {@code ./coord-cluster}; see {@link ClusterFiles}).
 *
 * <ul>
 *   <li>{@code start} writes {@code DIR/cluster.properties} (voters 1-3 on base port + 1..3, default base
 *       7100; observer slots 11-18 on base port + 11..18), starts the voters, records their pids, waits
 *       until one leads and the others follow, and prints how to join. Started again on the same DIR,
 *       it keeps the ports of {@code cluster.properties} unless {@code --base-port} is given, and the
 *       voters recover their data. A running cluster is left as it is.</li>
 *   <li>{@code stop} sends SIGTERM to exactly the recorded pids, then SIGKILL to any that is still there
 *       after the grace (default 10 s), and forgets them. Stopping a stopped cluster does nothing.</li>
 *   <li>{@code status} prints each voter's pid, role and leader.</li>
 * </ul>
 *
 * <p>Exit status: 0 on success (for {@code status}: all three voters run and one leads); 1 if the
 * cluster could not start, or {@code status} finds it down or degraded; 2 for a wrong command line;
 * 3 if a voter's port is in use by another program.
 */
public final class ClusterCommand {
    static final String USAGE = "usage: cluster start|stop|status [DIR] [--base-port N] [--grace-ms N]"
            + "  (DIR defaults to ./coord-cluster)";
    private static final int DEFAULT_BASE_PORT = 7100;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final long FRESH_STATE_MS = 5_000;

    private final ClusterFiles files;
    private final PrintStream out;
    private final List<VoterProcess> voters = new ArrayList<>();

    private ClusterCommand(Path dir, PrintStream out) {
        this.files = new ClusterFiles(dir.toAbsolutePath().normalize());
        this.out = out;
        for (int id = 1; id <= ClusterConfig.VOTERS; id++) {
            voters.add(new VoterProcess(files, id));
        }
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    /** Runs the command and returns its exit status. */
    static int run(String[] args, PrintStream out) throws IOException, InterruptedException {
        String action = null;
        Path dir = null;
        Integer basePort = null;
        long graceMs = 10_000;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--base-port") || arg.equals("--grace-ms")) {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    long value = Long.parseLong(args[++i]);
                    if (arg.equals("--base-port")) {
                        basePort = (int) value;
                    } else {
                        graceMs = value;
                    }
                } else if (arg.startsWith("--")) {
                    throw new IllegalArgumentException("unknown option " + arg);
                } else if (action == null) {
                    action = arg;
                } else if (dir == null) {
                    dir = Path.of(arg);
                } else {
                    throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                }
            }
            if (action == null) {
                throw new IllegalArgumentException("start, stop or status?");
            }
            ClusterCommand command = new ClusterCommand(dir == null ? Path.of("coord-cluster") : dir, out);
            return switch (action) {
                case "start" -> command.start(basePort == null ? null : ClusterConfig.loopback(basePort));
                case "stop" -> command.stop(graceMs);
                case "status" -> command.status();
                default -> throw new IllegalArgumentException("unknown action '" + action + "'");
            };
        } catch (IllegalArgumentException e) {
            System.err.println("cluster: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
    }

    private int start(ClusterConfig requested) throws IOException, InterruptedException {
        Map<Integer, ProcessHandle> running = running();
        if (running.size() == voters.size()) {
            out.println("cluster " + files.dir() + " is already running");
            return status();
        }
        if (!running.isEmpty()) {
            out.println("cluster " + files.dir() + " is partly running (peers " + running.keySet()
                    + "): run 'cluster stop " + files.dir() + "' first");
            return 1;
        }
        ClusterConfig config = requested != null ? requested
                : Files.exists(files.config()) ? ClusterConfig.read(files.dir()) : ClusterConfig.loopback(DEFAULT_BASE_PORT);
        List<String> busy = busyPorts(config);
        if (!busy.isEmpty()) {
            busy.forEach(out::println);
            out.println("cannot start: choose other ports with --base-port N (voters use N+1..N+3, observer slots N+11..N+18, admin pages N+21..N+23)");
            return 3;
        }
        Files.createDirectories(files.dir().resolve("slots"));
        config.write(files.dir());
        for (VoterProcess voter : voters) {
            voter.forget();
            long pid = voter.start();
            out.println("started peer " + voter.id() + " (pid " + pid + ", log " + files.log(voter.id()) + ")");
        }
        Optional<String> failure = awaitLeader();
        if (failure.isPresent()) {
            out.println("cluster did not start: " + failure.get());
            stop(2_000);
            return 1;
        }
        out.println("cluster " + files.dir() + " is serving");
        printVoters();
        printFacts(config);
        return 0;
    }

    /** Waits until every voter has reported serving with one leader; a description of what went wrong if not. */
    private Optional<String> awaitLeader() throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            for (VoterProcess voter : voters) {
                if (voter.running().isEmpty()) {
                    return Optional.of("peer " + voter.id() + " exited; last lines of " + files.log(voter.id()) + ":\n"
                            + voter.logTail(30));
                }
            }
            if (leader().isPresent()) {
                return Optional.empty();
            }
            if (System.nanoTime() > deadlineNs) {
                return Optional.of("no leader within " + START_TIMEOUT.toSeconds() + " s; see " + files.dir() + "/peer*.log");
            }
            Thread.sleep(100);
        }
    }

    /** The leader's id if every voter has a fresh serving state naming the same leader, which reports LEADING. */
    private Optional<Integer> leader() {
        Integer leader = null;
        long nowMs = System.currentTimeMillis();
        for (VoterProcess voter : voters) {
            Optional<PeerState> state = voter.state();
            if (state.isEmpty() || !state.get().serving() || nowMs - state.get().atMs() > FRESH_STATE_MS
                    || (leader != null && leader != state.get().leader())) {
                return Optional.empty();
            }
            leader = state.get().leader();
        }
        int id = leader;
        boolean leads = voters.stream().anyMatch(v -> v.id() == id && v.state().map(s -> s.role().equals("LEADING")).orElse(false));
        return leads ? Optional.of(id) : Optional.empty();
    }

    private int stop(long graceMs) throws IOException, InterruptedException {
        Map<Integer, ProcessHandle> running = running();
        for (VoterProcess voter : voters) {
            if (!running.containsKey(voter.id())) {
                long pid = voter.recordedPid();
                if (pid > 0) {
                    out.println("peer " + voter.id() + " (pid " + pid + ") was not running");
                }
                voter.forget();
            }
        }
        if (running.isEmpty()) {
            out.println("cluster " + files.dir() + " is stopped");
            return 0;
        }
        running.forEach((id, process) -> {
            out.println("stopping peer " + id + " (pid " + process.pid() + ") with SIGTERM");
            process.destroy();
        });
        long deadlineNs = System.nanoTime() + graceMs * 1_000_000;
        while (running.values().stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadlineNs) {
            Thread.sleep(50);
        }
        boolean allGone = true;
        for (Map.Entry<Integer, ProcessHandle> e : running.entrySet()) {
            ProcessHandle process = e.getValue();
            if (process.isAlive()) {
                out.println("peer " + e.getKey() + " (pid " + process.pid() + ") still runs after " + graceMs + " ms: SIGKILL");
                process.destroyForcibly();
                try {
                    process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
                    out.println("peer " + e.getKey() + " (pid " + process.pid() + ") survived SIGKILL");
                    allGone = false;
                    continue;
                }
            }
            voters.get(e.getKey() - 1).forget();
        }
        out.println(allGone ? "cluster " + files.dir() + " is stopped" : "cluster " + files.dir() + " is NOT fully stopped");
        return allGone ? 0 : 1;
    }

    private int status() throws IOException {
        if (!Files.exists(files.config())) {
            out.println("no cluster in " + files.dir() + " (no " + ClusterConfig.FILE_NAME + "): start one with 'cluster start "
                    + files.dir() + "'");
            return 1;
        }
        Map<Integer, ProcessHandle> running = running();
        Optional<Integer> leader = leader();
        out.println("cluster " + files.dir() + ": " + running.size() + " of " + voters.size() + " peers running, "
                + leader.map(id -> "leader is peer " + id).orElse("no leader serving"));
        printVoters();
        printFacts(ClusterConfig.read(files.dir()));
        return running.size() == voters.size() && leader.isPresent() ? 0 : 1;
    }

    private void printVoters() throws IOException {
        long nowMs = System.currentTimeMillis();
        for (VoterProcess voter : voters) {
            Optional<ProcessHandle> process = voter.running();
            if (process.isEmpty()) {
                out.println("  peer " + voter.id() + ": not running");
                continue;
            }
            String state = voter.state().map(s -> s.role() + " leader=" + s.leader() + " epoch=" + s.epoch()
                    + " zxid=0x" + Long.toHexString(s.zxid()) + (nowMs - s.atMs() > FRESH_STATE_MS ? " (stale)" : ""))
                    .orElse("starting");
            out.println("  peer " + voter.id() + ": pid " + process.get().pid() + " " + state);
        }
    }

    private void printFacts(ClusterConfig config) {
        out.println("members:        " + OptionValues.format(config.members()));
        out.println("observer slots: " + OptionValues.format(config.observers()));
        StringBuilder admin = new StringBuilder();
        for (int id : config.members().keySet()) {
            admin.append(admin.length() == 0 ? "" : "  ").append("http://127.0.0.1:").append(config.adminPort(id)).append('/');
        }
        out.println("admin pages:    " + admin);
        out.println("config:         " + files.config());
        out.println("join it:        java -jar examples/target/coord-examples.jar <example> --cluster " + files.dir());
    }

    private Map<Integer, ProcessHandle> running() throws IOException {
        Map<Integer, ProcessHandle> running = new TreeMap<>();
        for (VoterProcess voter : voters) {
            voter.running().ifPresent(p -> running.put(voter.id(), p));
        }
        return running;
    }

    /** A line for each voter port another program holds on 127.0.0.1, and a warning for each busy slot port. */
    private static List<String> busyPorts(ClusterConfig config) {
        List<String> busy = new ArrayList<>();
        config.members().forEach((id, address) -> {
            if (!free(address.getHostString(), address.getPort())) {
                busy.add("port " + address.getPort() + " of peer " + id + " on " + address.getHostString()
                        + " is busy: another program listens there (see: ss -ltnp 'sport = :" + address.getPort() + "')");
            }
            int admin = config.adminPort(id);
            if (!free("127.0.0.1", admin)) {
                busy.add("admin port " + admin + " of peer " + id + " on 127.0.0.1 is busy: another program listens there"
                        + " (see: ss -ltnp 'sport = :" + admin + "')");
            }
        });
        config.observers().forEach((id, address) -> {
            if (!free(address.getHostString(), address.getPort())) {
                System.err.println("warning: port " + address.getPort() + " of observer slot " + id
                        + " is busy: examples cannot use that slot");
            }
        });
        return busy;
    }

    private static boolean free(String host, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
