package dev.coord.examples.shell;

import dev.coord.testkit.net.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.Coordinator;
import dev.coord.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ShellEndToEndTest runs the {@code shell} command in its own JVM against a three-voter ensemble of
 * in-JVM Coordinators on loopback ports that declares one observer slot, and reads the transcript:
 * the shell joins through that slot, its commands act on the replicated tree, its errors are clear,
 * a watch it leaves fires when another client changes the node, and leaving closes its session.
 * A second test points the shell at an ensemble that is not there.
 */
@Tag("multi-jvm")
class ShellEndToEndTest {
    private static final int VOTERS = 3;
    private static final int OBSERVER = 4;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ANSWER = Duration.ofSeconds(20);
    private static final Duration EXIT = Duration.ofSeconds(20);
    private static final Duration JOIN_TIMEOUT_WHEN_UNREACHABLE = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final List<Coordinator> members = new ArrayList<>();
    private final List<ShellProcess> shells = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (ShellProcess shell : shells) {
            shell.close();
        }
        for (Coordinator member : members) {
            member.close();
        }
    }

    @Test
    void shouldServeAScriptedSessionAsAnObserverOfARunningEnsemble() throws Exception {
        Map<Integer, Integer> ports = freePorts(VOTERS + 1);
        startVoters(ports);
        Coordinator other = members.get(0);

        ShellProcess shell = startShell(List.of("--members", addresses(ports, 1, VOTERS),
                "--observers", addresses(ports, OBSERVER, OBSERVER), "--timeout-ms", "20000"));

        shell.send("create /app \"hello world\"; create /app/child c1");
        shell.expectOut("Created /app", ANSWER);
        shell.expectOut("Created /app/child", ANSWER);

        shell.send("ls -s /app");
        shell.expectOut("[child]", ANSWER);
        shell.expectOut("numChildren = 1", ANSWER);

        shell.send("get -s /app");
        assertThat(shell.expectOut("hello world", ANSWER)).isEqualTo("hello world");
        shell.expectOut("version = 0", ANSWER);

        shell.send("set /app other -v 7");
        assertThat(shell.expectErr("error: BADVERSION", ANSWER)).contains("/app").contains("7");

        shell.send("get -w /app");
        shell.expectOut("hello world", ANSWER);
        other.setData("/app", "changed by another client".getBytes(StandardCharsets.UTF_8), -1);
        String watchLine = shell.expectOut("WATCHER::", ANSWER);
        assertThat(watchLine).matches("WATCHER:: type=NODE_DATA_CHANGED path=/app zxid=0x[0-9a-f]+");

        shell.send("get /app");
        shell.expectOut("changed by another client", ANSWER);

        shell.send("delete /app/child; ls /app");
        shell.expectOut("[]", ANSWER);

        shell.send("create /tree; create /tree/a; create /tree/a/b; create /tree/c; ls -R /tree");
        shell.expectOut("/tree\n/tree/a\n/tree/a/b\n/tree/c\n", ANSWER);
        shell.send("deleteall /tree; stat /tree");
        assertThat(shell.expectErr("error: NONODE", ANSWER)).contains("/tree does not exist");
        other.sync("/");
        assertThat(other.exists("/tree")).isNull();

        shell.send("create -e /ephemeral mine; sync /");
        shell.expectOut("Created /ephemeral", ANSWER);
        shell.expectOut("synced /", ANSWER);
        other.sync("/");
        assertThat(other.exists("/ephemeral")).isNotNull();

        shell.send("status");
        String summary = shell.expectOut("peer " + OBSERVER + " OBSERVING", ANSWER);
        int leader = leaderOf(members);
        assertThat(summary).contains("leader " + leader);
        assertThat(shell.expectOut("  " + leader + " ", ANSWER)).contains("voter").contains("LEADING");
        assertThat(shell.expectOut("  " + OBSERVER + " ", ANSWER)).contains("observer").contains("OBSERVING");

        shell.send("frobnicate /app");
        assertThat(shell.expectErr("error:", ANSWER)).isEqualTo(
                "error: unknown command 'frobnicate'; type help for the list of commands");
        shell.send("ls");
        assertThat(shell.expectErr("error:", ANSWER)).isEqualTo("error: missing argument; usage: ls [-s] [-R] [-w] path");
        shell.send("create noslash");
        assertThat(shell.expectErr("error:", ANSWER)).startsWith("error: BADARGUMENTS").contains("'noslash'");

        shell.closeInput();
        assertThat(shell.awaitExit(EXIT)).as("exit status after failed commands" + shell.transcript())
                .isEqualTo(ShellCommand.EXIT_COMMAND_FAILED);
        other.sync("/");
        assertThat(other.exists("/ephemeral")).as("the shell's ephemeral, after it left").isNull();
        assertThat(new String(other.getData("/app").data(), StandardCharsets.UTF_8)).isEqualTo("changed by another client");

        Path script = dir.resolve("script.txt");
        Files.writeString(script, "# a script: one command per line, or several separated by ;\n"
                + "set /app \"from a script\"; get /app\nquit\nget /never-run\n");
        ShellProcess scripted = startShell(List.of("--members", addresses(ports, 1, VOTERS),
                "--observers", addresses(ports, OBSERVER, OBSERVER), "-f", script.toString()));
        assertThat(scripted.awaitExit(EXIT)).as("exit status of a script that succeeded" + scripted.transcript()).isZero();
        assertThat(scripted.stdout()).isEqualTo("from a script\n");
        assertThat(scripted.stderr()).isEmpty();
    }

    @Test
    void shouldExitWithAClearErrorWhenNoMemberAnswers() throws Exception {
        Map<Integer, Integer> ports = freePorts(VOTERS + 1);
        long startedNs = System.nanoTime();
        ShellProcess shell = startShell(List.of("--members", addresses(ports, 1, VOTERS),
                "--observers", addresses(ports, OBSERVER, OBSERVER),
                "--timeout-ms", Long.toString(JOIN_TIMEOUT_WHEN_UNREACHABLE.toMillis()), "-c", "ls /"));

        int status = shell.awaitExit(EXIT);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNs);
        System.out.printf("unreachable ensemble: shell exited with %d after %d ms (join timeout %d ms)%n",
                status, elapsedMs, JOIN_TIMEOUT_WHEN_UNREACHABLE.toMillis());

        assertThat(status).as(shell.transcript()).isEqualTo(ShellCommand.EXIT_NOT_JOINED);
        assertThat(shell.stdout()).isEmpty();
        String error = shell.stderr();
        assertThat(error).startsWith("shell: could not join the ensemble within "
                + JOIN_TIMEOUT_WHEN_UNREACHABLE.toMillis() + " ms");
        for (int id = 1; id <= VOTERS; id++) {
            assertThat(error).contains(id + "=127.0.0.1:" + ports.get(id));
        }
        assertThat(elapsedMs).isLessThan(EXIT.toMillis());
    }

    private ShellProcess startShell(List<String> arguments) throws IOException {
        ShellProcess shell = ShellProcess.start(arguments);
        shells.add(shell);
        return shell;
    }

    /** Starts the voters, each declaring the observer slot, and waits until they all serve. */
    private void startVoters(Map<Integer, Integer> ports) throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(VOTERS);
        try {
            List<Future<Coordinator>> started = new ArrayList<>();
            for (int id = 1; id <= VOTERS; id++) {
                int self = id;
                started.add(starting.submit(() -> {
                    Coordinator.Builder b = Coordinator.builder().peerId(self).dataDir(dir.resolve("peer" + self))
                            .startTimeout(START_TIMEOUT);
                    for (int member = 1; member <= VOTERS; member++) {
                        b.member(member, "127.0.0.1", ports.get(member));
                    }
                    b.observer(OBSERVER, "127.0.0.1", ports.get(OBSERVER));
                    return b.start();
                }));
            }
            List<Throwable> failures = new ArrayList<>();
            for (Future<Coordinator> f : started) {
                try {
                    members.add(f.get(START_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    failures.add(e);
                }
            }
            if (!failures.isEmpty()) {
                throw new AssertionError("voters did not start: " + failures);
            }
        } finally {
            starting.shutdownNow();
        }
    }

    private static int leaderOf(List<Coordinator> voters) {
        return voters.stream().filter(c -> c.status().role() == Role.LEADING).findFirst()
                .orElseThrow(() -> new AssertionError("no voter leads")).status().peerId();
    }

    private static String addresses(Map<Integer, Integer> ports, int fromId, int toId) {
        return ports.entrySet().stream().filter(e -> e.getKey() >= fromId && e.getKey() <= toId)
                .map(e -> e.getKey() + "=127.0.0.1:" + e.getValue()).collect(Collectors.joining(","));
    }

    /** Ports 1..count, free at the time of the call. */
    private static Map<Integer, Integer> freePorts(int count) {
        Map<Integer, Integer> ports = new TreeMap<>();
        List<Integer> free = FreePorts.pick(count, "127.0.0.1");
        for (int id = 1; id <= count; id++) {
            ports.put(id, free.get(id - 1));
        }
        return ports;
    }
}
