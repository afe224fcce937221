package dev.coord.examples;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Result;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WorkloadClient is one client of the nemesis test: on its own thread it sends a seeded random mix of
 * operations on a few keys to one peer of a {@link PeerEnsemble}, through that peer's line protocol
 * (so through its default session), and records each in the {@link HistoryRecorder}.
 *
 * <p>The mix: creates, sets and deletes, each with the version this client last saw for the key or
 * with any version; plain reads ({@code get -s}, {@code exists}); and synced reads ({@code sync} then
 * {@code get -s}), recorded as one linearizable read invoked when the sync was. The data of every write
 * is unique in the run. Every {@link #STATUS_EVERY} operations it also asks {@code status} (not
 * recorded) and publishes the leader it names.
 *
 * <p>Outcomes: an answer is recorded as its {@link HistoryLines} result. A killed peer gives no answer:
 * the operation is recorded {@link Result.Unknown}, and the client waits for the peer's next
 * incarnation, a new session. A read without an answer is not recorded (it constrains nothing). A
 * peer whose session expired is restarted (counted; the nemesis keeps its faults shorter than the
 * session timeout, so none is expected). A peer that answers SYSTEMERROR stopped after an internal
 * error, a bug: the client throws, which fails the run.
 *
 * <p>The random choices come from the client's own seeded {@link Random}; which outcomes they meet
 * depends on real timing. Thread-safe: {@link #stop()} and the getters may be called from any thread.
 */
final class WorkloadClient implements Runnable {
    /** How often, in operations, the client asks its peer who leads. */
    static final int STATUS_EVERY = 20;
    /** How long one answer may take; Coord answers within its 10 s request timeout, plus any pause. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RESTART_POLL = Duration.ofMillis(10);

    private final int peerId;
    private final PeerEnsemble ensemble;
    private final HistoryRecorder history;
    private final List<String> keys;
    private final Random random;
    private final long meanPauseMs;
    private final AtomicInteger leaderHint;
    // Own thread only: the version this client last saw of each key.
    private final Map<String, Integer> lastSeenVersion = new HashMap<>();
    // Own thread only.
    private long nextData;
    private volatile boolean stopped;
    private volatile long lastLeaderAnswerInvokeNs = Long.MIN_VALUE;
    private final AtomicLong unansweredReads = new AtomicLong();
    private final AtomicLong sessionRestarts = new AtomicLong();

    /**
     * A client of peer {@code peerId}; it pauses a random 0..2*{@code meanPauseMs} between operations and
     * publishes the leader it learns to {@code leaderHint}.
     */
    WorkloadClient(int peerId, PeerEnsemble ensemble, HistoryRecorder history, List<String> keys, long seed,
            long meanPauseMs, AtomicInteger leaderHint) {
        this.peerId = peerId;
        this.ensemble = ensemble;
        this.history = history;
        this.keys = List.copyOf(keys);
        this.random = new Random(seed);
        this.meanPauseMs = meanPauseMs;
        this.leaderHint = leaderHint;
    }

    /** The history session of one incarnation of a peer: the peer's default session in that process. */
    static long session(PeerEnsemble.Incarnation incarnation) {
        return incarnation.id() * 1_000L + incarnation.number();
    }

    @Override
    public void run() {
        try {
            for (long step = 1; !stopped; step++) {
                PeerEnsemble.Incarnation incarnation = ensemble.current(peerId);
                if (!incarnation.process().isAlive()) {
                    awaitNextIncarnation(incarnation);
                    continue;
                }
                if (step % STATUS_EVERY == 0) {
                    publishLeader(incarnation);
                } else {
                    operate(incarnation);
                }
                if (meanPauseMs > 0) {
                    Thread.sleep(random.nextLong(2 * meanPauseMs + 1));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException("client of peer " + peerId + " could not restart its peer", e);
        }
    }

    /** Ends the run after the operation in progress. */
    void stop() {
        stopped = true;
    }

    int peerId() {
        return peerId;
    }

    /** True if a write or sync invoked at or after {@code sinceNs} got a definite answer, which takes a leader. */
    boolean servedSince(long sinceNs) {
        return lastLeaderAnswerInvokeNs >= sinceNs;
    }

    /** Reads that got no answer (their peer was killed or could not serve them) and were left out. */
    long unansweredReads() {
        return unansweredReads.get();
    }

    /** Restarts of the peer because its session had expired. */
    long sessionRestarts() {
        return sessionRestarts.get();
    }

    private void operate(PeerEnsemble.Incarnation incarnation) throws IOException, InterruptedException {
        String key = keys.get(random.nextInt(keys.size()));
        int dice = random.nextInt(100);
        if (dice < 15) {
            send(incarnation, new Command.Create(key, data(), false, false), null);
        } else if (dice < 30) {
            send(incarnation, new Command.SetData(key, data(), -1), null);
        } else if (dice < 50) {
            send(incarnation, new Command.SetData(key, data(), lastSeenVersion.getOrDefault(key, 0)), null);
        } else if (dice < 57) {
            send(incarnation, new Command.Delete(key, -1), null);
        } else if (dice < 65) {
            send(incarnation, new Command.Delete(key, lastSeenVersion.getOrDefault(key, 0)), null);
        } else if (dice < 80) {
            send(incarnation, new Command.GetData(key), null);
        } else if (dice < 85) {
            send(incarnation, new Command.Exists(key), null);
        } else {
            syncedRead(incarnation, key);
        }
    }

    /** {@code sync} then {@code get -s}, recorded as one read invoked with the sync; skipped if the sync fails. */
    private void syncedRead(PeerEnsemble.Incarnation incarnation, String key) throws IOException, InterruptedException {
        HistoryRecorder.Invocation sync = history.invoke();
        Optional<String> answer = incarnation.process().tryAsk("sync " + key, ANSWER_TIMEOUT);
        if (answer.isEmpty()) {
            return;
        }
        if (!answer.get().equals("ok")) {
            onError(incarnation, answer.get());
            return;
        }
        lastLeaderAnswerInvokeNs = Math.max(lastLeaderAnswerInvokeNs, sync.invokeNs());
        send(incarnation, new Command.GetData(key), sync);
    }

    /** Sends one command and records it; {@code syncedSince} is the sync before a linearizable read. */
    private void send(PeerEnsemble.Incarnation incarnation, Command command, HistoryRecorder.Invocation syncedSince)
            throws IOException, InterruptedException {
        HistoryRecorder.Invocation invocation = history.invoke();
        Optional<String> answer = incarnation.process().tryAsk(HistoryLines.line(command), ANSWER_TIMEOUT);
        Result result = answer.map(a -> HistoryLines.result(command, a)).orElseGet(Result.Unknown::new);
        if (result instanceof Result.Unknown && !command.isWrite()) {
            unansweredReads.incrementAndGet();
        } else {
            history.complete(session(incarnation), syncedSince != null ? syncedSince : invocation, command, result,
                    syncedSince != null);
        }
        if (command.isWrite() && !(result instanceof Result.Unknown)) {
            lastLeaderAnswerInvokeNs = Math.max(lastLeaderAnswerInvokeNs, invocation.invokeNs());
        }
        remember(command, result);
        if (answer.isPresent()) {
            onError(incarnation, answer.get());
        }
    }

    private void remember(Command command, Result result) {
        if (!(result instanceof Result.Ok ok)) {
            return;
        }
        if (ok.value() instanceof Result.Version v && command instanceof Command.SetData s) {
            lastSeenVersion.put(s.path(), v.version());
        } else if (ok.value() instanceof Result.Node n && command instanceof Command.GetData g) {
            lastSeenVersion.put(g.path(), n.version());
        } else if (command instanceof Command.Create c) {
            lastSeenVersion.put(c.path(), 0);
        }
    }

    /**
     * Restarts the peer if its session has expired: nothing can be done with it any more. Fails the run
     * if the peer stopped after an internal error: that is a bug, never a fault the nemesis injects.
     */
    private void onError(PeerEnsemble.Incarnation incarnation, String answer) throws IOException, InterruptedException {
        String code = HistoryLines.errorCode(answer);
        if ("SYSTEMERROR".equals(code)) {
            throw incarnation.process().failure("stopped after an internal error: " + answer);
        }
        if ("SESSIONEXPIRED".equals(code) && ensemble.restart(peerId, incarnation.process())) {
            sessionRestarts.incrementAndGet();
        }
    }

    private void publishLeader(PeerEnsemble.Incarnation incarnation) {
        incarnation.process().tryAsk("status", ANSWER_TIMEOUT).ifPresent(status -> {
            for (String field : status.split(" ")) {
                if (field.startsWith("leader=") && !field.equals("leader=-1")) {
                    leaderHint.set(Integer.parseInt(field.substring("leader=".length())));
                }
            }
        });
    }

    private void awaitNextIncarnation(PeerEnsemble.Incarnation dead) throws InterruptedException {
        while (!stopped && ensemble.current(peerId).number() == dead.number()) {
            Thread.sleep(RESTART_POLL.toMillis());
        }
    }

    private String data() {
        return "p" + peerId + "." + nextData++;
    }
}
