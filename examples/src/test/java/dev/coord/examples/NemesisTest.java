package dev.coord.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.examples.LoopbackFirewall.Link;
import dev.coord.testkit.check.InitialTree;
import dev.coord.testkit.check.LinearizabilityChecker;
import dev.coord.testkit.check.Report;
import dev.coord.testkit.check.SessionOrderChecker;
import dev.coord.testkit.check.Verdict;
import dev.coord.testkit.check.Violation;
import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NemesisTest runs a replicated ensemble of peer JVMs on their own loopback addresses under a
 * {@link Nemesis} (kill -9 and restart, SIGSTOP and SIGCONT, partitions both ways and one way by
 * nftables rules) while one {@link WorkloadClient} per peer records a history of writes and reads on
 * a few keys; then, with everything repaired, it reads the final state on every peer (recorded too) and
 * checks that every peer has the same state and the same digest at the same zxid, that the history
 * keeps its own invariants ({@link HistoryInvariants}), that its writes and synced reads are
 * linearizable ({@link LinearizabilityChecker}) and that every read keeps its session's order
 * ({@link SessionOrderChecker}), and prints a report.
 *
 * <p>Slow (about four minutes) and needs root: tagged {@code slow}, so the normal build leaves it out.
 * Run it alone with
 * {@code mvn -o -B -pl examples -am -Dtest=NemesisTest -Dsurefire.failIfNoSpecifiedTests=false -Dcoord.test.excludedGroups=none verify}.
 * System properties: {@code coord.nemesis.seed} (replays the fault and workload choices),
 * {@code coord.nemesis.faultSeconds} (default 150), {@code coord.nemesis.peers} (default 3),
 * {@code coord.nemesis.pauseMs} (mean pause between one client's operations, default 10).
 * Peer logs, the history, the fault timeline and the report stay in {@code examples/target/nemesis}.
 */
@Tag("slow")
class NemesisTest {
    private static final int PEERS = Integer.getInteger("coord.nemesis.peers", 3);
    private static final Duration FAULT_TIME = Duration.ofSeconds(Long.getLong("coord.nemesis.faultSeconds", 150));
    private static final long MEAN_PAUSE_MS = Long.getLong("coord.nemesis.pauseMs", 10);
    private static final int KEYS = 5;
    private static final String PARENT = "/k";
    private static final String PARENT_DATA = "keys";
    private static final Duration CHECK_BUDGET = Duration.ofSeconds(60);
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Path LOG_DIR = Path.of("target", "nemesis");

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<Throwable> threadFailures = new ConcurrentLinkedQueue<>();

    @Test
    void shouldKeepEveryAcknowledgedWriteAndConvergeUnderKillsPausesAndPartitions() throws Exception {
        long seed = Long.getLong("coord.nemesis.seed", new Random().nextLong());
        System.out.println("nemesis seed " + seed + " (replay its choices with -Dcoord.nemesis.seed=" + seed + ")");
        recreate(LOG_DIR);
        try {
            run(seed);
        } catch (Exception | AssertionError e) {
            throw new AssertionError("nemesis run with seed " + seed + " failed (replay its choices with -Dcoord.nemesis.seed="
                    + seed + "; peer logs, history and fault timeline in " + LOG_DIR.toAbsolutePath() + "): " + e.getMessage(), e);
        }
    }

    private void run(long seed) throws Exception {
        Random seeds = new Random(seed);
        long startNs = System.nanoTime();
        String prefix = "127.42." + (ProcessHandle.current().pid() % 200 + 1);
        List<String> keys = IntStream.range(0, KEYS).mapToObj(i -> PARENT + "/" + i).toList();
        HistoryRecorder history = new HistoryRecorder();
        FaultLog faults = new FaultLog(startNs);
        AtomicInteger leaderHint = new AtomicInteger(-1);
        List<WorkloadClient> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Nemesis nemesis = null;
        try (LoopbackFirewall firewall = LoopbackFirewall.open();
             PeerEnsemble ensemble = new PeerEnsemble(PEERS, prefix, dir, LOG_DIR,
                     List.of("--session-timeout-ms", Long.toString(SESSION_TIMEOUT.toMillis())))) {
            assertFirewallCuts(firewall, prefix);
            for (int id : ensemble.ids()) {
                ensemble.start(id);
            }
            createParent(ensemble);
            for (int id : ensemble.ids()) {
                clients.add(new WorkloadClient(id, ensemble, history, keys, seeds.nextLong(), MEAN_PAUSE_MS, leaderHint));
            }
            nemesis = new Nemesis(ensemble, firewall, seeds.nextLong(), FAULT_TIME,
                    sinceNs -> clients.stream().allMatch(c -> c.servedSince(sinceNs)), leaderHint, faults);
            for (WorkloadClient c : clients) {
                threads.add(startThread(c, "client-of-peer-" + c.peerId()));
            }
            faults.note("workload started on " + PEERS + " peers at " + prefix + ".1-" + PEERS);
            Thread nemesisThread = startThread(nemesis, "nemesis");
            threads.add(nemesisThread);
            joinOrFail(nemesisThread, FAULT_TIME.plus(JOIN_TIMEOUT));
            throwThreadFailures();

            long repairedNs = System.nanoTime();
            awaitCondition("every client served by a leader after the repair", Nemesis.RECOVERY_TIMEOUT,
                    () -> clients.stream().allMatch(c -> c.servedSince(repairedNs)));
            clients.forEach(WorkloadClient::stop);
            for (Thread t : threads) {
                joinOrFail(t, JOIN_TIMEOUT);
            }
            throwThreadFailures();
            long workloadEndNs = System.nanoTime();
            faults.note("workload stopped");

            Map<Integer, Map<String, Result.Node>> finalStates = readFinalStates(ensemble, keys, history);
            Map<Integer, String> digests = awaitSameDigest(ensemble);
            faults.note("final states read and digests compared");
            List<Entry> entries = history.entries();

            Map<String, Result.Node> finalState = finalStates.values().iterator().next();
            RunReport report = new RunReport()
                    .line("nemesis seed " + seed + ", " + PEERS + " peers, " + KEYS + " keys under " + PARENT)
                    .faults(faults)
                    .operations(entries)
                    .line("reads left out for want of an answer: " + clients.stream().mapToLong(WorkloadClient::unansweredReads).sum())
                    .line("peers restarted because their session expired: " + clients.stream().mapToLong(WorkloadClient::sessionRestarts).sum())
                    .line(String.format("workload ran %.1f s (faults %d s); whole run %.1f s", (workloadEndNs - startNs) / 1e9,
                            FAULT_TIME.toSeconds(), (System.nanoTime() - startNs) / 1e9))
                    .line("final state on every peer: " + finalState)
                    .line("final digests: " + digests);
            List<String> violations = HistoryInvariants.violations(entries, finalState);
            report.line("history invariants: " + (violations.isEmpty() ? "hold" : violations.size() + " broken"));
            long checkStartNs = System.nanoTime();
            Report linearizability = LinearizabilityChecker.check(entries, InitialTree.empty().with(PARENT, PARENT_DATA, 0, 0),
                    CHECK_BUDGET);
            long linearizabilityMs = (System.nanoTime() - checkStartNs) / 1_000_000;
            checkStartNs = System.nanoTime();
            List<Violation> sessionOrder = SessionOrderChecker.check(entries);
            long sessionOrderMs = (System.nanoTime() - checkStartNs) / 1_000_000;
            report.line("linearizability (writes and synced reads): " + linearizability.toString().strip()
                            + " in " + linearizabilityMs + " ms")
                    .line("session order (every read): " + (sessionOrder.isEmpty() ? "holds" : sessionOrder.size() + " violations")
                            + " in " + sessionOrderMs + " ms");
            sessionOrder.stream().limit(10).forEach(v -> report.line("  " + v));
            Files.writeString(LOG_DIR.resolve("report.txt"), report.text(), StandardCharsets.UTF_8);
            System.out.print(report.text());

            assertThat(finalStates.values()).as("the final state on every peer").allMatch(finalState::equals);
            assertThat(violations).as("broken history invariants").isEmpty();
            assertThat(linearizability.verdict()).as("linearizability: %s", linearizability).isEqualTo(Verdict.LINEARIZABLE);
            assertThat(sessionOrder).as("session order violations").isEmpty();
        } finally {
            if (nemesis != null) {
                nemesis.stop();
            }
            clients.forEach(WorkloadClient::stop);
            threads.forEach(Thread::interrupt);
            writeHistory(history.entries(), faults);
        }
    }

    /** Proves on two spare addresses that a cut drops a connection attempt and a heal lets it through. */
    private static void assertFirewallCuts(LoopbackFirewall firewall, String prefix) throws IOException, InterruptedException {
        String server = prefix + ".250";
        String client = prefix + ".251";
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName(server))) {
            firewall.cut(List.of(new Link(client, server)));
            assertThat(connects(client, listener)).as("a connection across a cut").isFalse();
            firewall.heal();
            assertThat(connects(client, listener)).as("a connection once healed").isTrue();
        }
    }

    private static boolean connects(String from, ServerSocket to) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(to.getLocalSocketAddress(), 500);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Creates the keys' parent through peer 1, which answers once the ensemble serves. */
    private static void createParent(PeerEnsemble ensemble) throws InterruptedException {
        PeerProcess first = ensemble.current(1).process();
        long deadlineNs = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            String answer = first.tryAsk("create " + PARENT + " " + PARENT_DATA, START_TIMEOUT).orElseThrow(
                    () -> first.failure("exited before the ensemble served"));
            if (answer.equals(PARENT) || "NODEEXISTS".equals(HistoryLines.errorCode(answer))) {
                return;
            }
            if (System.nanoTime() - deadlineNs > 0) {
                throw first.failure("could not create " + PARENT + " within " + START_TIMEOUT.toSeconds() + " s: " + answer);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Reads every key on every peer with {@code sync} then {@code get -s}, recorded in the history as
     * synced reads of the peer's current session; retries what the peer cannot serve yet.
     */
    private Map<Integer, Map<String, Result.Node>> readFinalStates(PeerEnsemble ensemble, List<String> keys,
            HistoryRecorder history) throws InterruptedException {
        Map<Integer, Map<String, Result.Node>> states = new TreeMap<>();
        for (int id : ensemble.ids()) {
            PeerEnsemble.Incarnation incarnation = ensemble.current(id);
            Map<String, Result.Node> state = new TreeMap<>();
            for (String key : keys) {
                state.put(key, readFinal(incarnation, key, history));
            }
            states.put(id, state);
        }
        return states;
    }

    private static Result.Node readFinal(PeerEnsemble.Incarnation incarnation, String key, HistoryRecorder history)
            throws InterruptedException {
        PeerProcess peer = incarnation.process();
        Command read = new Command.GetData(key);
        long deadlineNs = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
        while (true) {
            HistoryRecorder.Invocation sync = history.invoke();
            String synced = peer.ask("sync " + key);
            if (synced.equals("ok")) {
                Result result = HistoryLines.result(read, peer.ask(HistoryLines.line(read)));
                if (!(result instanceof Result.Unknown)) {
                    history.complete(WorkloadClient.session(incarnation), sync, read, result, true);
                    return result instanceof Result.Ok ok ? (Result.Node) ok.value() : null;
                }
            }
            if (System.nanoTime() - deadlineNs > 0) {
                throw peer.failure("could not read " + key + " after sync within " + CONVERGE_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Waits until every peer reports the same digest at the same zxid; returns the answers by peer. */
    private Map<Integer, String> awaitSameDigest(PeerEnsemble ensemble) throws InterruptedException {
        Map<Integer, String> digests = new TreeMap<>();
        awaitCondition("the same digest and zxid on every peer", CONVERGE_TIMEOUT, () -> {
            digests.clear();
            ensemble.ids().forEach(id -> digests.put(id, ensemble.current(id).process().ask("digest")));
            return digests.values().stream().distinct().count() == 1;
        });
        return digests;
    }

    /** Waits until {@code done}; fails at the deadline, or as soon as any thread of the run has failed. */
    private void awaitCondition(String what, Duration timeout, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            throwThreadFailures();
            if (System.nanoTime() - deadlineNs > 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private Thread startThread(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> threadFailures.add(new AssertionError(t.getName() + " failed: " + e, e)));
        thread.start();
        return thread;
    }

    /** Waits for {@code thread} to end; fails as soon as any thread of the run has failed. */
    private void joinOrFail(Thread thread, Duration timeout) throws InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (thread.isAlive() && System.nanoTime() - deadlineNs < 0) {
            throwThreadFailures();
            thread.join(POLL.toMillis());
        }
        if (thread.isAlive()) {
            throwThreadFailures();
            throw new AssertionError(thread.getName() + " did not finish within " + timeout.toSeconds() + " s");
        }
    }

    private void throwThreadFailures() {
        Throwable first = threadFailures.poll();
        if (first != null) {
            AssertionError failure = new AssertionError(first.getMessage(), first);
            for (Throwable more = threadFailures.poll(); more != null; more = threadFailures.poll()) {
                failure.addSuppressed(more);
            }
            throw failure;
        }
    }

    private static void writeHistory(List<Entry> entries, FaultLog faults) throws IOException {
        List<String> lines = new ArrayList<>();
        entries.forEach(e -> lines.add(e.toString()));
        Files.write(LOG_DIR.resolve("history.txt"), lines, StandardCharsets.UTF_8);
        Files.write(LOG_DIR.resolve("faults.txt"), faults.timeline(), StandardCharsets.UTF_8);
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
}
