package dev.coord.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.examples.ChildJvm;
import dev.coord.examples.Main;
import dev.coord.examples.shell.ShellProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ClusterExamplesTest drives {@code scripts/cluster.sh} as a user would (from this test's class path,
 * through {@code COORD_CLASSPATH}, since the jar is packaged after the tests): it starts a cluster,
 * checks {@code status} and the refusals (already running, ports busy), SIGKILLs an example mid-run and
 * lets the next one take its observer slot, runs every recipe example as a JVM of its own against the
 * cluster, all at once (so they claim different slots), and checks each one's exit status and key
 * lines; runs two {@code shell --cluster} JVMs at once, one watching a node the other changes; then it stops the cluster and checks that no voter pid is left. Every process it started is
 * killed after the test, also when it fails.
 */
@Tag("multi-jvm")
class ClusterExamplesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path SCRIPT = Path.of("..", "scripts", "cluster.sh").toAbsolutePath().normalize();
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXAMPLE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SHELL_ANSWER = Duration.ofSeconds(20);
    private static final Pattern STARTED_PID = Pattern.compile("started peer \\d \\(pid (\\d+),");

    /** Each example and lines its output must contain. */
    private static final Map<String, List<String>> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("election", List.of("[election] node-a is the leader, fencing token",
                "[election] failover: node-b leads", "[election] node-c is the leader",
                "[election] fencing tokens of the leaders in order"));
        EXAMPLES.put("lock", List.of("[lock] 9 writes under the lock",
                "[lock] storage REFUSED 'worker-1 after the pause'",
                "[lock] summary: 10 writes admitted, 1 stale write refused by its fencing token"));
        EXAMPLES.put("config", List.of("[config] system-C applied common.yml version 2",
                "[config] every system applied every version while running (no restart)",
                "[config] console now sees files [common.yml, db.yml]"));
        EXAMPLES.put("discovery", List.of("[discovery] round-robin picks: [orders-1, orders-2, orders-3, orders-1, orders-2, orders-3]",
                "[discovery] orders-2 was not picked again"));
        EXAMPLES.put("ids", List.of("[ids] server-2 took order-", "[ids] 10 ids, all unique, each server's growing"));
        EXAMPLES.put("queue", List.of("[queue] summary: offered 50, taken 50, lost 0, delivered twice 0"));
        EXAMPLES.put("barrier", List.of("[barrier] all 3 workers passed",
                "[barrier] double barrier: all 3 started together and finished together"));
    }

    @TempDir
    Path work;

    private final List<Long> voterPids = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<ShellProcess> shells = new ArrayList<>();

    @AfterEach
    void killEverythingStarted() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (ShellProcess shell : shells) {
            shell.close();
        }
        for (long pid : voterPids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void shouldStartTheClusterRunEveryExampleAgainstItAndStopIt() throws Exception {
        Path dir = work.resolve("cluster");
        int basePort = freeBasePort();

        Result start = script("start", dir.toString(), "--base-port", Integer.toString(basePort));
        Matcher pids = STARTED_PID.matcher(start.output);
        while (pids.find()) {
            voterPids.add(Long.parseLong(pids.group(1)));
        }
        assertThat(start.status).as(start.output).isZero();
        assertThat(voterPids).hasSize(3);
        assertThat(start.output).contains("is serving", "LEADING",
                "members:        1=127.0.0.1:" + (basePort + 1) + ",2=127.0.0.1:" + (basePort + 2),
                "observer slots: 11=127.0.0.1:" + (basePort + 11), "--cluster " + dir);
        for (int id = 1; id <= 3; id++) {
            assertThat(Files.readString(dir.resolve("peer" + id + ".pid")).trim()).isEqualTo(voterPids.get(id - 1).toString());
        }

        assertThat(start.output).contains("admin pages:    http://127.0.0.1:" + (basePort + 21) + "/");
        for (int id = 1; id <= 3; id++) {
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (basePort + 20 + id) + "/status"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).contains("\"peerId\":" + id);
        }

        Result status = script("status", dir.toString());
        assertThat(status.status).as(status.output).isZero();
        assertThat(status.output).contains("3 of 3 peers running, leader is peer");
        Result again = script("start", dir.toString());
        assertThat(again.status).as(again.output).isZero();
        assertThat(again.output).contains("is already running");
        Result busy = script("start", work.resolve("other").toString(), "--base-port", Integer.toString(basePort));
        assertThat(busy.status).as(busy.output).isEqualTo(3);
        assertThat(busy.output).contains("port " + (basePort + 1) + " of peer 1 on 127.0.0.1 is busy", "--base-port N");

        killAnExampleMidRun(dir);
        runEveryExampleAtOnce(dir);
        runTwoShellsAgainstIt(dir);

        Result stop = script("stop", dir.toString());
        assertThat(stop.status).as(stop.output).isZero();
        assertThat(stop.output).contains("stopping peer 1", "is stopped").doesNotContain("SIGKILL");
        for (long pid : voterPids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("voter pid %d after stop", pid).isEmpty();
        }
        for (int id = 1; id <= 3; id++) {
            assertThat(dir.resolve("peer" + id + ".pid")).doesNotExist();
        }
        Result stopAgain = script("stop", dir.toString());
        assertThat(stopAgain.status).as(stopAgain.output).isZero();
        assertThat(stopAgain.output).contains("is stopped").doesNotContain("stopping");
        Result down = script("status", dir.toString());
        assertThat(down.status).as(down.output).isEqualTo(1);
        assertThat(down.output).contains("0 of 3 peers running, no leader serving");
    }

    @Test
    void shouldSayJavaIsMissingWhenThereIsNone() throws Exception {
        Path emptyPath = Files.createDirectories(work.resolve("empty-path"));
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", SCRIPT.toString(), "status", work.toString());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("COORD_CLASSPATH");
        pb.environment().put("PATH", emptyPath.toString());
        Result result = run(pb, SCRIPT_TIMEOUT);

        assertThat(result.status).isEqualTo(127);
        assertThat(result.output).contains("Java is missing").doesNotContain("command not found");
    }

    /**
     * Starts the election example, SIGKILLs it once it has joined (as observer 11) and leads, and runs the
     * ids example, which takes slot 11 again while the leader still holds the dead observer's sessions.
     */
    private void killAnExampleMidRun(Path dir) throws Exception {
        Path out = work.resolve("killed-election.out");
        Process election = example("election", dir).redirectOutput(out.toFile()).redirectErrorStream(true).start();
        processes.add(election);
        long deadlineNs = System.nanoTime() + EXAMPLE_TIMEOUT.toNanos();
        while (!Files.readString(out).contains("node-a is the leader")) {
            assertThat(election.isAlive()).as("the election example ended early: %s", Files.readString(out)).isTrue();
            assertThat(System.nanoTime()).as("the election example did not get going: %s", Files.readString(out))
                    .isLessThan(deadlineNs);
            Thread.sleep(50);
        }
        assertThat(Files.readString(out)).contains("as observer 11");
        election.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        Result ids = run(example("ids", dir), EXAMPLE_TIMEOUT);
        assertThat(ids.status).as(ids.output).isZero();
        assertThat(ids.output).contains("as observer 11", "[ids] done");
    }

    /**
     * Runs {@code shell --cluster DIR} twice at once, each in a JVM of its own: the first, fed through a
     * pipe, creates a node and leaves a watch on it; the second, with {@code -c}, changes the node, which
     * fires the first one's watch. They must hold different observer slots, and both exit 0.
     */
    private void runTwoShellsAgainstIt(Path dir) throws Exception {
        long startedNs = System.nanoTime();
        ShellProcess watching = ShellProcess.start(List.of("--cluster", dir.toString()));
        shells.add(watching);
        watching.send("create /shell-e2e hello; get -s /shell-e2e; ls /");
        watching.expectOut("Created /shell-e2e", SHELL_ANSWER);
        watching.expectOut("hello", SHELL_ANSWER);
        watching.expectOut("\nversion = 0", SHELL_ANSWER);
        assertThat(watching.expectOut("shell-e2e", SHELL_ANSWER)).startsWith("[");
        watching.send("status");
        int watchingSlot = observerSlot(watching.expectOut(" OBSERVING", SHELL_ANSWER));
        watching.send("get -w /shell-e2e");
        watching.expectOut("hello", SHELL_ANSWER);

        ShellProcess changing = ShellProcess.start(List.of("--cluster", dir.toString(),
                "-c", "set /shell-e2e changed; get -s /shell-e2e; status"));
        shells.add(changing);
        assertThat(changing.awaitExit(SHELL_ANSWER)).as("exit status of the -c shell" + changing.transcript()).isZero();
        assertThat(changing.stdout()).startsWith("changed\n").contains("\nversion = 1\n");
        assertThat(changing.stderr()).isEmpty();
        int changingSlot = observerSlot(changing.expectOut(" OBSERVING", SHELL_ANSWER));
        assertThat(List.of(watchingSlot, changingSlot)).as("slots of two shells at once")
                .doesNotHaveDuplicates().allMatch(slot -> slot >= 11 && slot <= 18);

        assertThat(watching.expectOut("WATCHER::", SHELL_ANSWER))
                .startsWith("WATCHER:: type=NODE_DATA_CHANGED path=/shell-e2e");
        watching.closeInput();
        assertThat(watching.awaitExit(SHELL_ANSWER)).as("exit status of the piped shell" + watching.transcript()).isZero();
        assertThat(watching.stderr()).isEmpty();
        try (ObserverSlot freed = ObserverSlot.claimFirstFree(dir)) {
            assertThat(freed.id()).as("the lowest slot, once both shells left").isEqualTo(Math.min(watchingSlot, changingSlot));
        }
        System.out.printf("two shells against the cluster (slots %d and %d): %d ms%n", watchingSlot, changingSlot,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNs));
    }

    /** The peer id in a {@code status} line: {@code peer 12 OBSERVING, leader 1, ...}. */
    private static int observerSlot(String statusLine) {
        Matcher m = Pattern.compile("^peer (\\d+) OBSERVING").matcher(statusLine);
        assertThat(m.find()).as("a status line: %s", statusLine).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private void runEveryExampleAtOnce(Path dir) throws Exception {
        Map<String, Process> running = new LinkedHashMap<>();
        for (String name : EXAMPLES.keySet()) {
            Process p = example(name, dir).redirectOutput(work.resolve(name + ".out").toFile()).redirectErrorStream(true).start();
            processes.add(p);
            running.put(name, p);
        }
        List<Integer> slots = new ArrayList<>();
        for (Map.Entry<String, Process> e : running.entrySet()) {
            String name = e.getKey();
            boolean exited = e.getValue().waitFor(EXAMPLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            String output = Files.readString(work.resolve(name + ".out"), StandardCharsets.UTF_8);
            assertThat(exited).as("%s exited within %s s: %s", name, EXAMPLE_TIMEOUT.toSeconds(), output).isTrue();
            assertThat(e.getValue().exitValue()).as("exit status of %s: %s", name, output).isZero();
            assertThat(output).as(name).contains("[" + name + "] joined the cluster in " + dir + " as observer",
                    "[" + name + "] done").contains(EXAMPLES.get(name));
            Matcher slot = Pattern.compile("as observer (\\d+) ").matcher(output);
            assertThat(slot.find()).isTrue();
            slots.add(Integer.parseInt(slot.group(1)));
        }
        assertThat(slots).as("observer slots the examples took").doesNotHaveDuplicates().allMatch(s -> s >= 11 && s <= 18);
    }

    /** The command line of example {@code name} joining the cluster in {@code dir}, in a JVM of its own. */
    private static ProcessBuilder example(String name, Path dir) {
        return new ProcessBuilder(ChildJvm.command(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                Main.class, List.of(name, "--cluster", dir.toString())));
    }

    private Result script(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("COORD_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return run(pb, SCRIPT_TIMEOUT);
    }

    /** Status and merged output of a process run to its end. */
    private record Result(int status, String output) {
    }

    private Result run(ProcessBuilder pb, Duration timeout) throws Exception {
        Path out = Files.createTempFile(work, "run", ".out");
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        processes.add(p);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(pb.command() + " did not finish within " + timeout.toSeconds() + " s: " + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    /** A base port whose voter and slot ports are all free now (the launcher checks again). */
    private static int freeBasePort() throws IOException {
        Random random = new Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 10_000 + random.nextInt(20_000);          // below the ephemeral range
            if (free(base + 1, base + 3) && free(base + 11, base + 18) && free(base + 21, base + 23)) {
                return base;
            }
        }
        throw new IOException("no free base port found");
    }

    private static boolean free(int from, int to) {
        for (int port = from; port <= to; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                // free
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
