package dev.coord.examples;

import dev.coord.testkit.net.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MultiJvmPeerTest runs three {@code peer} commands in separate JVMs over loopback TCP and checks,
 * through their line protocol only, that writes replicate, that a follower can write again soon after
 * the leader is killed with SIGKILL, and that the killed peer, restarted on its data directory,
 * catches up to the same tree.
 */
@Tag("multi-jvm")
class MultiJvmPeerTest {
    private static final int PEERS = 3;
    private static final int KEYS = 20;
    private static final Duration ROLES_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL_PAUSE = Duration.ofMillis(50);
    /** Where each peer's stderr is appended, kept after the test for a look at what the peers did. */
    private static final Path LOG_DIR = Path.of("target", "multi-jvm-peer-logs");

    @TempDir
    Path dir;

    private final Map<Integer, Integer> ports = new TreeMap<>();
    private final Map<Integer, PeerProcess> peers = new TreeMap<>();
    private final List<PeerProcess> everStarted = new ArrayList<>();

    @AfterEach
    void killEveryPeerStillRunning() throws InterruptedException {
        for (PeerProcess p : everStarted) {
            p.killIfAlive();
        }
    }

    @Test
    void shouldReplicateFailOverAfterTheLeaderIsKilledAndCatchUpTheRestartedPeer() throws Exception {
        recreate(LOG_DIR);
        for (int id = 1; id <= PEERS; id++) {
            ports.put(id, freePort());
        }
        for (int id : ports.keySet()) {
            startPeer(id);
        }
        int leader = awaitOneLeaderAndFollowers();
        int writer = followersOf(leader).get(0);

        List<String> keys = IntStream.range(0, KEYS).mapToObj(i -> "k" + i).sorted().toList();
        for (String key : keys) {
            assertThat(peers.get(writer).ask("create /" + key + " value of " + key)).isEqualTo("/" + key);
        }
        for (PeerProcess p : peers.values()) {
            assertThat(p.ask("sync /")).as("sync / on peer %d", p.id()).isEqualTo("ok");
            assertThat(p.ask("ls /")).as("ls / on peer %d", p.id()).isEqualTo(String.join(" ", keys));
        }

        long killedAtNs = System.nanoTime();
        peers.remove(leader).kill();
        long writeAfterKillMs = createAfterFailover(writer, killedAtNs);
        System.out.printf("kill-to-first-write: %d ms (leader %d killed, /after created through peer %d)%n",
                writeAfterKillMs, leader, writer);

        PeerProcess restarted = startPeer(leader);
        assertThat(restarted.ask("sync /")).isEqualTo("ok");
        assertThat(restarted.ask("ls /").split(" ")).containsAll(keys).contains("after");
        Map<Integer, String> digests = await("the same digest and zxid on every peer", CONVERGE_TIMEOUT,
                () -> answers("digest"), d -> d.values().stream().distinct().count() == 1);
        System.out.println("converged: " + digests);

        for (PeerProcess p : peers.values()) {
            p.closeInput();
        }
        for (PeerProcess p : peers.values()) {
            assertThat(p.awaitExit(EXIT_TIMEOUT)).as("exit status of peer %d", p.id()).isZero();
        }
    }

    private PeerProcess startPeer(int id) throws IOException {
        String members = ports.entrySet().stream()
                .map(e -> e.getKey() + "=127.0.0.1:" + e.getValue())
                .collect(Collectors.joining(","));
        PeerProcess p = PeerProcess.start(id, List.of("--id", Integer.toString(id), "--members", members,
                "--data-dir", dir.resolve("peer" + id).toString()), LOG_DIR.resolve("peer" + id + ".stderr"));
        everStarted.add(p);
        peers.put(id, p);
        return p;
    }

    /** Polls {@code status} until one peer leads and the others follow; returns the leader's id. */
    private int awaitOneLeaderAndFollowers() throws InterruptedException {
        Map<Integer, String> roles = await("one LEADING and two FOLLOWING peers", ROLES_TIMEOUT, () -> answers("status"),
                s -> s.values().stream().filter(line -> line.startsWith("role=LEADING ")).count() == 1
                        && s.values().stream().filter(line -> line.startsWith("role=FOLLOWING ")).count() == PEERS - 1);
        return roles.entrySet().stream().filter(e -> e.getValue().startsWith("role=LEADING ")).findFirst().orElseThrow().getKey();
    }

    /**
     * Retries {@code create /after} on {@code writer} until it succeeds and returns the time since
     * {@code killedAtNs}. A NODE_EXISTS answer counts as success: an earlier attempt that lost its
     * connection to the leader was committed after all.
     */
    private long createAfterFailover(int writer, long killedAtNs) throws InterruptedException {
        long deadlineNs = killedAtNs + FAILOVER_TIMEOUT.toNanos();
        List<String> errors = new ArrayList<>();
        while (true) {
            String answer = peers.get(writer).ask("create /after written after the kill");
            if (answer.equals("/after") || (answer.startsWith("error:") && answer.contains("already exists"))) {
                return (System.nanoTime() - killedAtNs) / 1_000_000;
            }
            assertThat(answer).startsWith("error:");
            errors.add(answer);
            if (System.nanoTime() > deadlineNs) {
                throw peers.get(writer).failure("could not create /after within " + FAILOVER_TIMEOUT.toSeconds()
                        + " s of the kill; answers: " + errors);
            }
            Thread.sleep(POLL_PAUSE.toMillis());
        }
    }

    private List<Integer> followersOf(int leader) {
        return peers.keySet().stream().filter(id -> id != leader).toList();
    }

    /** Each running peer's answer to {@code command}, by peer id. */
    private Map<Integer, String> answers(String command) {
        Map<Integer, String> byId = new TreeMap<>();
        peers.forEach((id, p) -> byId.put(id, p.ask(command)));
        return byId;
    }

    /**
     * Observes until {@code done} holds and returns that observation; fails with the last one and every
     * running peer's stderr tail at the deadline.
     */
    private <T> T await(String what, Duration timeout, Supplier<T> observe, Predicate<T> done)
            throws InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen = observe.get();
            if (done.test(seen)) {
                return seen;
            }
            if (System.nanoTime() > deadlineNs) {
                StringBuilder message = new StringBuilder("timed out after " + timeout.toSeconds() + " s waiting for "
                        + what + "; last seen: " + seen);
                peers.values().forEach(p -> message.append("\n").append(p.failure("is running").getMessage()));
                throw new AssertionError(message);
            }
            Thread.sleep(POLL_PAUSE.toMillis());
        }
    }

    private static void recreate(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(directory);
    }

    private static int freePort() {
        return FreePorts.pick();
    }
}
