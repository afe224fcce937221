package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.Role;
import dev.coord.Session;
import dev.coord.SessionState;
import dev.coord.Status;
import dev.coord.Watcher;
import dev.coord.metrics.LogHistogram;
import dev.coord.metrics.PeerMetrics;
import dev.coord.metrics.SessionSummary;
import dev.coord.metrics.WatchSummary;
import dev.coord.tree.Access;
import dev.coord.tree.DataTree;
import dev.coord.tree.TxnPreparer;
import dev.coord.tree.WatchTable;
import dev.coord.txn.Txn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PeerAgent is the duty cycle of one standalone peer: its single agent thread owns the speculative
 * tree, the log, the watch table and the session tracker. Application threads hand it
 * {@link Request}s through a lock-free queue and wake it; it drains a batch, prepares and logs the
 * writes, forces the log once, publishes the new tree, fires watches and completes futures; every tick
 * it keeps sessions alive or expires them, deletes expired TTL nodes and takes snapshots. When idle it
 * parks until woken or until the next tick; it never spins.
 *
 * <p>Only {@link #submitUnchecked}, {@link #published()}, {@link #status()} and {@link #shutdown()}
 * may be called from other threads.
 */
public final class PeerAgent implements PeerPort, Peer {
    static final Logger LOG = LoggerFactory.getLogger(PeerAgent.class);
    private static final int MAX_BATCH = 4096;

    private final PeerConfig config;
    private final Clock clock;
    private final Storage storage;
    private final Inbox inbox = new Inbox();
    private final Runnable waker;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final WatchTable<Watcher> watches = new WatchTable<>();
    private final Map<Long, ClientSession> localSessions = new HashMap<>();
    private final WritePipeline pipeline;
    private final Housekeeper housekeeper;
    private final AgentThread thread;
    private final PeerFigures figures;
    private final Quotas quotas;
    private volatile DataTree published;
    private volatile boolean sleeping;
    private volatile boolean halted;

    private PeerAgent(PeerConfig config, Clock clock, Storage storage, DataTree recovered) {
        this.config = config;
        this.clock = clock;
        this.storage = storage;
        this.published = recovered;
        this.pipeline = new WritePipeline(this, storage.log(), new TxnPreparer(config.maxDataBytes()), watches, recovered);
        this.housekeeper = new Housekeeper(this, pipeline, storage, config);
        this.thread = new AgentThread(this::run, "coord-peer-" + config.peerId());
        this.waker = this::wake;
        this.figures = new PeerFigures(config, storage);
        this.quotas = new Quotas(config.limits());
    }

    /**
     * Opens the peer's storage, recovers its tree, and starts the agent thread. Sessions of the peer's
     * previous run are closed at once (their application died with that run).
     */
    public static PeerAgent start(PeerConfig config, Clock clock) {
        Storage storage = Storage.open(config);
        DataTree recovered;
        try {
            recovered = Recovery.recover(storage);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        PeerAgent agent = new PeerAgent(config, clock, storage, recovered);
        agent.tasks.add(agent::closeSessionsOfPreviousRun);
        agent.thread.start();
        return agent;
    }

    private void closeSessionsOfPreviousRun() {
        List<Long> old = new ArrayList<>();
        published.forEachSession((id, info) -> old.add(id));
        old.sort(Long::compare);
        for (long id : old) {
            pipeline.propose(null, new Txn.CloseSession(id), clock.wallMs());
        }
        if (!old.isEmpty()) {
            LOG.info("Closing {} session(s) left by this peer's previous run", old.size());
        }
    }

    /** Opens a new session; the future completes once its creation is durable. */
    @Override
    public CompletableFuture<Session> openSession(long timeoutMs, Session.KeepAlive keepAlive) {
        PeerConfig.checkSessionTimeout(timeoutMs, config.tickMs());
        CoordException refusal = quotas.takeSession();
        if (refusal != null) {
            return CompletableFuture.failedFuture(refusal);
        }
        ClientSession session = new ClientSession(this, timeoutMs, keepAlive, clock.nanoTime() / 1_000_000);
        CompletableFuture<Object> future = submitUnchecked(Request.openSession(session));
        future.whenComplete((s, e) -> {
            if (e != null) {
                session.releaseSlot();
            }
        });
        return future.thenApply(s -> (Session) s);
    }

    @Override
    public Quotas quotas() {
        return quotas;
    }

    @Override
    public Access access(List<String> digests) {
        return Access.of(config.sessionAddress(), digests, config.superDigest());
    }

    /** Queues a request for the agent thread, or fails it at once if the peer has stopped. */
    @Override
    public CompletableFuture<Object> submitUnchecked(Request request) {
        return inbox.submit(request, waker);
    }

    private void wake() {
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** The last published tree: every transaction in it is durable and applied. Any thread. */
    @Override
    public DataTree published() {
        return published;
    }

    @Override
    public CallbackQueue callbackQueue(String name) {
        return new SessionDispatcher(name);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public LogHistogram requestLatency() {
        return figures.requestLatency();
    }

    @Override
    public PeerMetrics metrics() {
        return figures.metrics(status(), published);
    }

    @Override
    public CompletableFuture<List<SessionSummary>> sessionSummaries() {
        return onAgent(() -> PeerFigures.sessions(published, localSessions));
    }

    @Override
    public CompletableFuture<List<WatchSummary>> watchSummaries() {
        return onAgent(() -> PeerFigures.watches(watches));
    }

    /** Runs {@code query} on the agent thread at its next turn; fails at once if the peer has stopped. */
    private <T> CompletableFuture<T> onAgent(java.util.function.Supplier<T> query) {
        return inbox.ask(query, this::runOnAgent);
    }

    void publish(DataTree tree) {
        published = tree;
    }

    ClientSession localSession(long sessionId) {
        return localSessions.get(sessionId);
    }

    Iterable<ClientSession> localSessions() {
        return new ArrayList<>(localSessions.values());
    }

    void sessionOpened(ClientSession session, long sessionId) {
        session.opened(sessionId);
        localSessions.put(sessionId, session);
        housekeeper.track(sessionId, session.timeoutMs());
    }

    void sessionClosed(long sessionId, SessionState how) {
        housekeeper.untrack(sessionId);
        watches.removeSession(sessionId);
        ClientSession session = localSessions.remove(sessionId);
        if (session != null) {
            session.changeState(session.isClosing() ? SessionState.CLOSED : how);
        }
    }

    private void run() {
        long nextTickNs = clock.nanoTime();
        try {
            while (!inbox.isClosed()) {
                int work = drain();
                long nowNs = clock.nanoTime();
                if (nowNs - nextTickNs >= 0) {
                    housekeeper.tick(clock.wallMs(), nowNs / 1_000_000);
                    figures.publish(watches, localSessions.values(), List.of(), List.of());
                    nextTickNs = nowNs + TimeUnit.MILLISECONDS.toNanos(config.tickMs());
                    work++;
                }
                housekeeper.committed(pipeline.commit());
                if (work == 0) {
                    idle(nextTickNs - nowNs);
                }
            }
            if (!halted) {
                closeAllSessions();
            }
            inbox.failPending();
            stopCleanly();
        } catch (Throwable t) {
            stopOnError(t);
        }
    }

    private int drain() {
        int work = 0;
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
            work++;
        }
        Request request;
        while (work < MAX_BATCH && (request = inbox.poll()) != null) {
            handle(request);
            work++;
        }
        return work;
    }

    private void idle(long timeoutNs) {
        sleeping = true;
        if (inbox.isEmpty() && tasks.isEmpty() && !inbox.isClosed()) {
            LockSupport.parkNanos(this, Math.max(timeoutNs, 1));
        }
        sleeping = false;
    }

    private void handle(Request request) {
        long nowMs = clock.wallMs();
        if (request.counted) {
            request.session.turns().arrive(request);
        }
        if (request.isWrite()) {
            pipeline.write(request, nowMs);
        } else if (request.isRead()) {
            housekeeper.committed(pipeline.commit());
            request.session.turns().drain(this::readNow);
        } else {
            switch (request.kind) {
                case SYNC -> pipeline.answerInTurn(request, null);
                case OPEN_SESSION -> openSession(request, nowMs);
                case CLOSE_SESSION -> closeSession(request, nowMs);
                default -> throw new IllegalStateException("unexpected request " + request.kind);
            }
        }
    }

    /** Executes a read whose turn has come, leaving its watch, and records its outcome. */
    void readNow(Request request) {
        Reads.executeInTurn(request, published, watches);
    }

    private void openSession(Request request, long nowMs) {
        int live = pipeline.speculative().sessionCount();
        if (live >= config.limits().maxSessions()) {
            pipeline.failInTurn(request, SessionLimit.exceeded(live, config.limits()));
            return;
        }
        pipeline.propose(request, new Txn.CreateSession(request.session.timeoutMs(), config.peerId()), nowMs);
    }

    private void closeSession(Request request, long nowMs) {
        long id = request.session.sessionId();
        if (pipeline.speculative().session(id) == null) {
            pipeline.answerInTurn(request, null);
        } else {
            pipeline.propose(request, new Txn.CloseSession(id), nowMs);
        }
    }

    private void closeAllSessions() {
        inbox.failPending();
        long nowMs = clock.wallMs();
        for (ClientSession s : localSessions()) {
            if (pipeline.speculative().session(s.sessionId()) != null) {
                s.markClosing();
                pipeline.propose(null, new Txn.CloseSession(s.sessionId()), nowMs);
            }
        }
        pipeline.commit();
    }

    private void stopCleanly() {
        housekeeper.close();
        // A snapshot that was being written has finished now; its purge is a task of this thread.
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
        storage.close();
        inbox.stopped();
    }

    private void stopOnError(Throwable t) {
        CoordException failure = inbox.failOnError(config.peerId(), t, localSessions(),
                "it recovers from its data directory");
        pipeline.failBatch(failure);
        try {
            housekeeper.close();
            storage.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing storage after the failure also failed: {}", e.toString());
        }
        inbox.stopped();
    }

    /** Closes every local session, stops the agent and closes the storage; waits for all of it. */
    @Override
    public void shutdown() {
        inbox.close();
        LockSupport.unpark(thread);
        if (!AgentThread.isCurrent()) {
            inbox.awaitStopped();
        }
    }

    @Override
    public void halt() {
        halted = true;
        shutdown();
    }

    /** A view of this peer now. */
    @Override
    public Status status() {
        DataTree tree = published;
        String self = "self";
        Role role = inbox.failure() == null ? Role.STANDALONE : Role.LOOKING;
        return new Status(config.peerId(), role, config.peerId(), tree.lastZxid() >>> 32, tree.lastZxid(),
                tree.sessionCount(), tree.nodeCount(), tree.digest(),
                List.of(new Status.Member(config.peerId(), self, true, inbox.failure() == null ? role.name() : "STOPPED")));
    }

    /** Runs {@code task} on the agent thread at its next turn. Any thread. */
    void runOnAgent(Runnable task) {
        tasks.add(task);
        wake();
    }
}
