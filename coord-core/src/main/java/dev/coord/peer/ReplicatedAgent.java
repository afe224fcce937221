package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.Session;
import dev.coord.Status;
import dev.coord.log.TxnLog;
import dev.coord.metrics.LogHistogram;
import dev.coord.metrics.PeerMetrics;
import dev.coord.metrics.SessionSummary;
import dev.coord.metrics.WatchSummary;
import dev.coord.tree.Access;
import dev.coord.tree.Applied;
import dev.coord.tree.DataTree;
import dev.coord.tree.TxnPreparer;
import dev.coord.transport.Transport;
import dev.coord.txn.Txn;
import dev.coord.zab.History;
import dev.coord.zab.PeerState;
import dev.coord.zab.Zab;
import dev.coord.zab.ZabAction;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ReplicatedAgent is the duty cycle of a peer in a replicated ensemble: its one agent thread runs the
 * {@link Zab} state machine and carries out its actions (log appends, truncations, snapshot installs,
 * epoch persistence, sends), polls the transport, applies committed transactions to the tree, fires
 * watches, and completes requests. Writes go to the leader: the leader prepares them against its
 * speculative tree and proposes them; a follower forwards them. What a turn appended to the log is
 * forced on the peer's force thread while the agent goes on polling (one force at a time; appends
 * made meanwhile wait for the next); the state machine learns that records are durable only from the
 * log once their force has finished, so no ack and no acknowledgement precede durability.
 *
 * <p>A full disk: the peer stops appending but goes on following the protocol ({@link LogAppends}): it
 * acks nothing it could not persist (a follower simply stops acking and the others carry the quorum; a
 * leader commits with its followers' acks), keeps applying commits and serving reads, and once there
 * is space again writes what it skipped and acks as before. A sync step that does not fit (new epochs,
 * a truncation, a snapshot install) takes the peer out of the ensemble until there is space
 * ({@link SpaceOutage}): it then rebuilds its state machine from its disk, as a restart would.
 *
 * <p>Only {@link #submitUnchecked}, {@link #published()}, {@link #status()} and {@link #shutdown()}
 * may be called from other threads.
 */
public final class ReplicatedAgent implements PeerPort, Peer {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedAgent.class);
    private static final int MAX_DRAIN = 4096;

    final PeerConfig config;
    final EnsembleConfig ensemble;
    private final PeerHost host;
    private final Clock clock;
    final Storage storage;
    private final EpochStore epochs;
    final Transport transport;
    private final CountingTransport counted;
    private final PeerFigures figures;
    // Replaced (agent thread) when the peer rejoins after a sync step found its disk full.
    Zab zab;
    final Inbox inbox = new Inbox();
    private final Runnable waker;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    final LocalSessions localSessions = new LocalSessions();
    final TxnPreparer preparer;
    final ActionRunner actions;
    final LeaderDuties leaderDuties;
    final Forwarding forwarding;
    private final Quotas quotas;
    private volatile DataTree published;
    private volatile boolean halted;
    private volatile Status lastStatus;
    final Snapshots snapshots;
    final ExecutorService forcer;
    // Agent thread only: peers this one is cut off from (tests).
    private java.util.Set<Integer> partitioned = java.util.Set.of();

    // Agent thread only: when the next tick is due (monotonic ms).
    private long nextTickMs;
    // Replaced (agent thread) when the peer rejoins after a sync step found its disk full.
    LogAppends appends;
    final SpaceOutage outage;

    /** Builds the agent over opened storage and what it recovered (see {@link ReplicatedOpening}); its duty has not begun. */
    ReplicatedAgent(PeerConfig config, PeerHost host, Storage storage, Recovery.Replicated recovered) {
        this.config = config;
        this.ensemble = config.ensemble();
        this.host = host;
        this.clock = host.clock();
        this.storage = storage;
        this.epochs = host.epochStore(config);
        this.published = recovered.tree();
        this.preparer = new TxnPreparer(config.maxDataBytes());
        this.quotas = new Quotas(config.limits());
        this.zab = newZab(recovered.history());
        java.util.Set<Integer> others = new java.util.TreeSet<>(ensemble.members().keySet());
        others.remove(config.peerId());
        this.counted = new CountingTransport(host.openTransport(config), others);
        this.transport = counted;
        this.figures = new PeerFigures(config, storage);
        this.waker = transport::wakeup;
        this.actions = new ActionRunner(this, epochs);
        this.leaderDuties = new LeaderDuties(this);
        this.forwarding = new Forwarding(this);
        this.snapshots = new Snapshots(storage, config, host.snapshotWriter(config));
        this.appends = new LogAppends(config.peerId(), storage, snapshots);
        this.outage = new SpaceOutage(this);
        this.forcer = host.logForcer(config);
        this.lastStatus = buildStatus();
    }

    /** Opens storage, recovers the committed tree and the logged history, and starts the agent thread. */
    static ReplicatedAgent start(PeerConfig config, Clock clock) {
        ReplicatedAgent agent = ReplicatedOpening.open(config, PeerHost.system(clock));
        new AgentThread(agent::run, "coord-peer-" + config.peerId()).start();
        return agent;
    }

    /**
     * Opens a peer on {@code host} and begins its duty cycle, without a thread of its own: the caller
     * (the deterministic simulator) becomes its agent thread and runs it turn by turn with
     * {@link #turn()}. A crash is simply never calling it again.
     */
    public static ReplicatedAgent begin(PeerConfig config, PeerHost host) {
        ReplicatedAgent agent = ReplicatedOpening.open(config, host);
        agent.beginDuty();
        return agent;
    }

    /**
     * A state machine over {@code history} and the durable epochs, abstaining if this peer lost data
     * it may have acked (see {@link DamagedData}); not started.
     */
    Zab newZab(History history) {
        return ReplicatedOpening.newZab(config, history, DamagedData.epochsAtStart(epochs, config));
    }

    // ---- PeerPort / Peer ----

    @Override
    public CompletableFuture<Object> submitUnchecked(Request request) {
        return inbox.submit(request, waker);
    }

    @Override
    public DataTree published() {
        return published;
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
        return figures.metrics(lastStatus, published);
    }

    @Override
    public CompletableFuture<List<SessionSummary>> sessionSummaries() {
        return onAgent(() -> localSessions.summaries(published));
    }

    @Override
    public CompletableFuture<List<WatchSummary>> watchSummaries() {
        return onAgent(() -> PeerFigures.watches(localSessions.watches()));
    }

    /** Runs {@code query} on the agent thread at its next turn; fails at once if the peer has stopped. */
    private <T> CompletableFuture<T> onAgent(java.util.function.Supplier<T> query) {
        return inbox.ask(query, this::runOnAgent);
    }

    @Override
    public CallbackQueue callbackQueue(String name) {
        return host.callbackQueue(name);
    }

    @Override
    public CompletableFuture<Session> openSession(long timeoutMs, Session.KeepAlive keepAlive) {
        PeerConfig.checkSessionTimeout(timeoutMs, config.tickMs());
        CoordException refusal = quotas.takeSession();
        if (refusal != null) {
            return CompletableFuture.failedFuture(refusal);
        }
        ClientSession session = new ClientSession(this, timeoutMs, keepAlive, monoMs());
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

    /** The address of member {@code peerId} as configured here: its sessions' ip identity; null if unknown. */
    String addressOf(int peerId) {
        return PeerConfig.addressOf(ensemble.members().get(peerId));
    }

    /** The view of this peer as of its agent's last turn with work (a turn is well under a tick). */
    @Override
    public Status status() {
        return lastStatus;
    }

    @Override
    public void halt() {
        halted = true;
        shutdown();
    }

    @Override
    public void shutdown() {
        inbox.close();
        transport.wakeup();
        if (!AgentThread.isCurrent()) {
            inbox.awaitStopped();
        }
    }

    /**
     * Cuts this peer off from {@code peers} (tests only): frames from them are dropped and no ZAB
     * message is sent to them, while the TCP connections stay up, as in a silent network partition
     * (cut both sides for a symmetric one). An empty set heals. Any thread but the agent's; returns
     * once in effect.
     */
    public void partitionFrom(java.util.Set<Integer> peers) {
        CompletableFuture<Void> applied = new CompletableFuture<>();
        runOnAgent(() -> {
            partitioned = java.util.Set.copyOf(peers);
            LOG.info("Peer {} is partitioned from {}", config.peerId(), partitioned);
            applied.complete(null);
        });
        applied.join();
    }

    /**
     * True if this peer takes no message from {@code peerId} and sends it none (agent thread): it is
     * partitioned from it (tests), or out of the ensemble for lack of space ({@link SpaceOutage}).
     */
    boolean isCutOffFrom(int peerId) {
        return outage.isActive() || partitioned.contains(peerId);
    }

    // ---- state used by the parts ----

    PeerHost host() {
        return host;
    }

    long monoMs() {
        return clock.nanoTime() / 1_000_000;
    }

    long wallMs() {
        return clock.wallMs();
    }

    void publish(DataTree tree) {
        published = tree;
    }

    boolean isServingLeader() {
        return zab.state() == PeerState.LEADING && zab.isServing();
    }

    // ---- the duty cycle ----

    private void run() {
        try {
            beginDuty();
            while (!inbox.isClosed()) {
                if (turn() == 0) {
                    transport.awaitWork(TimeUnit.MILLISECONDS.toNanos(Math.max(1, nextTickMs - monoMs())));
                }
            }
            new Stopping(this).afterShutdown(halted);
        } catch (Throwable t) {
            new Stopping(this).afterFailure(t);
        }
    }

    private void beginDuty() {
        nextTickMs = monoMs();
        zab.start(monoMs());
        actions.run();
    }

    /**
     * One turn of the duty cycle: delivers what the transport has, ticks if a tick is due, takes
     * tasks and requests, carries out ZAB's actions, and forces the log. Returns how much work it
     * found (0: nothing until a message, a request or {@link #nextTickMs()}). Agent thread only.
     */
    public int turn() {
        int work = transport.poll(forwarding::onFrame, 1024);
        long now = monoMs();
        if (now >= nextTickMs) {
            // Right after polling: a stall of this thread (a slow force, say) must not look
            // like silence of the other peers, whose messages are waiting in the socket.
            zab.tick(now);
            // A role change the tick made (a leader stepping down) is carried out before our duties.
            work += actions.run();
            tick(now);
            nextTickMs = now + config.tickMs();
            work++;
        }
        work += drainTasks();
        work += drainInbox();
        work += actions.run();
        work += flush();
        if (work > 0) {
            lastStatus = buildStatus();
        }
        return work;
    }

    /** When the next tick is due, in the clock's monotonic milliseconds. */
    public long nextTickMs() {
        return nextTickMs;
    }

    /** The committed tree this peer has applied (any thread). */
    public DataTree committedTree() {
        return published;
    }

    /** This peer's ZAB state machine, for the simulator's invariant checks (agent thread only). */
    public Zab zab() {
        return zab;
    }

    /**
     * Puts the turn's messages on the wire, starts a force of what the turn appended (on the force
     * thread, which wakes the agent when done), tells ZAB how far the log is durable, carries out what
     * that released and sends it at once.
     */
    int flush() {
        // Proposals and commits leave before this peer's own force, so the followers force in
        // parallel with it rather than after it.
        transport.flush();
        TxnLog log = storage.log();
        TxnLog.Force force = log.beginForce();
        if (force != null) {
            forcer.execute(() -> {
                force.run();
                transport.wakeup();
            });
        }
        // Invariant: ZAB hears only of records whose force has finished (the log's durable zxid).
        zab.onDurable(log.durableZxid(), monoMs());
        int done = actions.run();
        if (done > 0) {
            // Acks and commits released by durability leave now, not after the next turn's deliveries.
            transport.flush();
        }
        snapshots.maybeStart(published, log, this::runOnAgent);
        return done;
    }

    void runOnAgent(Runnable task) {
        tasks.add(task);
        transport.wakeup();
    }

    /** Runs the tasks queued for the agent thread by {@link #runOnAgent}; returns how many ran. */
    int drainTasks() {
        int n = 0;
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
            n++;
        }
        return n;
    }

    private int drainInbox() {
        int n = 0;
        Request request;
        while (n < MAX_DRAIN && (request = inbox.poll()) != null) {
            handle(request);
            n++;
        }
        return n;
    }

    /** Takes one request from an application thread. */
    void handle(Request request) {
        if (request.counted && !request.arrived) {
            request.arrived = true;
            request.session.turns().arrive(request);
        }
        if (request.isRead()) {
            request.session.turns().drain(this::readNow);
            return;
        }
        forwarding.handle(request);
    }

    /** Executes a read whose turn has come, leaving its watch, and records its outcome. */
    void readNow(Request request) {
        Reads.executeInTurn(request, published, localSessions.watches());
    }

    /** Settles {@code request} with its outcome, in its session's order when it is counted. */
    void resolve(Request request, Object value, CoordException error) {
        if (request.counted) {
            request.session.turns().resolve(request, value, error, this::readNow);
        } else if (error != null) {
            request.future.completeExceptionally(error);
        } else {
            request.future.complete(value);
        }
    }

    /** Applies a committed transaction to the published tree, fires its watches, answers its origin. */
    void applied(long zxid, Applied applied, Txn txn, Request origin) {
        published = applied.tree();
        snapshots.committed(1);
        localSessions.applied(zxid, applied, txn, origin);
        leaderDuties.onApplied(zxid, txn, applied);
        if (origin != null) {
            resolve(origin, Answers.of(origin, applied.result()), null);
        }
    }

    /** Carries out ZAB's Append action, or skips it while the disk is full (see the class comment). */
    void appendToLog(long zxid, byte[] payload) {
        appends.append(zxid, payload);
    }

    /** Periodic duties besides ZAB's own ticks. */
    private void tick(long nowMs) {
        if (outage.spaceIsBack()) {
            outage.rejoin(nowMs);
        } else if (!outage.isActive()) {
            appends.maybeResume(zab, published);
        }
        forwarding.tick(nowMs);
        leaderDuties.tick(nowMs);
        localSessions.loseTimedOut(nowMs);
        lastStatus = buildStatus();
        figures.publish(localSessions.watches(), localSessions.all(), counted.connections(), PeerFigures.learnerStats(zab, ensemble));
    }

    /** Called when ZAB's role changes. */
    void onRoleChanged(ZabAction.RoleChanged change) {
        long now = monoMs();
        LOG.info("Peer {} is {}{} (leader {}, epoch {}){}", config.peerId(), change.state(),
                change.serving() ? ", serving" : "", change.leaderId(), change.epoch(),
                change.reason().isEmpty() ? "" : ": " + change.reason());
        if (!change.serving()) {
            forwarding.onLeaderLost();
            leaderDuties.onLeaderLost();
            localSessions.suspendAll(now);
        } else {
            if (!config.inMemory() && DamagedData.mustResync(config.dataDir())) {
                DamagedData.synced(config.dataDir(), config.peerId());
            }
            if (change.state() == PeerState.LEADING) {
                leaderDuties.onEstablished(now);
            }
            localSessions.reconnectAll(published);
            forwarding.releaseHeld();
        }
        lastStatus = buildStatus();
    }

    /** Publishes the peer's status as of now (agent thread). */
    void refreshStatus() {
        lastStatus = buildStatus();
    }

    private Status buildStatus() {
        String diskNote = outage.isActive() ? "disk full, out of the ensemble until space is free: " + outage.directory()
                : appends.isDiskFull() ? "disk full: " + appends.fullDirectory() : null;
        return ReplicatedStatus.of(config, ensemble, zab, transport, published, diskNote, inbox.failure() != null);
    }

    /** The peer's sessions, for the parts (agent thread). */
    Iterable<ClientSession> sessions() {
        return localSessions.list();
    }
}
