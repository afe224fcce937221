package dev.coord.peer;

import dev.coord.Acl;
import dev.coord.AclStat;
import dev.coord.AddWatchMode;
import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.NodeData;
import dev.coord.Op;
import dev.coord.OpResult;
import dev.coord.Session;
import dev.coord.SessionListener;
import dev.coord.SessionState;
import dev.coord.Stat;
import dev.coord.Watcher;
import dev.coord.WatcherType;
import dev.coord.tree.Access;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ClientSession is a session of this peer's application: it turns API calls into {@link Request}s for
 * the agent thread, and answers reads that leave no watch directly from the last published tree when
 * the session has nothing in flight (so the session's own order is kept).
 *
 * <p>Thread-safe: called from any application thread. Its state changes are made by the agent thread.
 */
public final class ClientSession implements Session {
    private final PeerPort agent;
    // Agent thread only.
    private final SessionTurns turns = new SessionTurns();
    // Guarded by this: the next sequence number, assigned in the order requests are queued.
    private long nextSeq;
    private final long timeoutMs;
    private final KeepAlive keepAlive;
    private final CopyOnWriteArrayList<SessionListener> listeners = new CopyOnWriteArrayList<>();
    // Invariant: counts requests queued to the agent and not yet completed.
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile long sessionId;
    private volatile SessionState state = SessionState.CONNECTED;
    private volatile boolean closing;
    // Guarded by this: the first close's outcome.
    private CompletableFuture<Void> closed;
    // Monotonic milliseconds (Clock.nanoTime() / 1e6) of the last keepAlive().
    private volatile long lastKeepAliveMs;
    private volatile CallbackQueue dispatcher;
    // Agent thread only.
    private long suspendedAtMs;
    // Written under this (in issue order with submit): the digest identities added with addAuth.
    private volatile List<String> authDigests = List.of();
    // Set once the session's slot in its peer's Quotas is given back.
    private final AtomicBoolean slotReleased = new AtomicBoolean();

    ClientSession(PeerPort agent, long timeoutMs, KeepAlive keepAlive, long nowMs) {
        this.agent = agent;
        this.timeoutMs = timeoutMs;
        this.keepAlive = keepAlive;
        this.lastKeepAliveMs = nowMs;
    }

    void opened(long id) {
        this.sessionId = id;
        this.dispatcher = agent.callbackQueue("coord-session-0x" + Long.toHexString(id));
    }

    @Override
    public long sessionId() {
        return sessionId;
    }

    @Override
    public SessionState state() {
        return state;
    }

    @Override
    public long timeoutMs() {
        return timeoutMs;
    }

    KeepAlive keepAliveMode() {
        return keepAlive;
    }

    /** When the session was last alive, as of {@code nowMs}: now for AUTOMATIC, the last keepAlive() for MANUAL. */
    long aliveAtMs(long nowMs) {
        return keepAlive == KeepAlive.AUTOMATIC ? nowMs : lastKeepAliveMs;
    }

    long lastKeepAliveMs() {
        return lastKeepAliveMs;
    }

    @Override
    public void keepAlive() {
        lastKeepAliveMs = agent.clock().nanoTime() / 1_000_000;
    }

    @Override
    public void addSessionListener(SessionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeSessionListener(SessionListener listener) {
        listeners.remove(listener);
    }

    /** Called on the agent thread: records the new state and tells the listeners on the dispatcher. */
    void changeState(SessionState newState) {
        state = newState;
        if (newState.isTerminal()) {
            releaseSlot();
        }
        CallbackQueue d = dispatcher;
        if (d != null) {
            d.post(() -> listeners.forEach(l -> l.stateChanged(newState)));
            if (newState.isTerminal()) {
                d.shutdown();
            }
        }
    }

    /** Called on the agent thread when the peer loses its leader: SUSPENDED as of {@code nowMs}. */
    void suspend(long nowMs) {
        suspendedAtMs = nowMs;
        changeState(SessionState.SUSPENDED);
    }

    /** When the session was last suspended (monotonic ms; agent thread). */
    long suspendedAtMs() {
        return suspendedAtMs;
    }

    /** Called on the agent thread: queues a watch callback behind this session's earlier events. */
    void dispatch(Runnable callback) {
        dispatcher.post(callback);
    }

    void completed() {
        outstanding.decrementAndGet();
        agent.quotas().requestCompleted();
    }

    /** Gives the session's slot back to the peer's quotas, once (the session ended, or never opened). */
    void releaseSlot() {
        if (slotReleased.compareAndSet(false, true)) {
            agent.quotas().sessionEnded();
        }
    }

    /** The limits of this session's peer. */
    Limits limits() {
        return agent.quotas().limits();
    }

    /** The access this session's requests issued with {@code digests} are checked with. */
    Access access(List<String> digests) {
        return agent.access(digests);
    }

    // ---- access control ----

    @Override
    public void addAuth(String scheme, byte[] credentials) {
        if (!"digest".equals(scheme)) {
            throw new CoordException.AuthFailedException("addAuth: unknown scheme \"" + scheme
                    + "\"; the only one is \"digest\" (credentials user:password)");
        }
        String text = credentials == null ? "" : new String(credentials, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new CoordException.AuthFailedException("addAuth: digest credentials must be user:password with a non-empty user");
        }
        String id = Acl.digestId(text.substring(0, colon), text.substring(colon + 1));
        synchronized (this) {
            if (!authDigests.contains(id)) {
                List<String> more = new ArrayList<>(authDigests);
                more.add(id);
                authDigests = List.copyOf(more);
            }
        }
    }

    @Override
    public CompletableFuture<AclStat> getACLAsync(String path) {
        if (canReadDirectly()) {
            List<String> digests = authDigests;
            return readDirectly(() -> Reads.getAcl(agent.published(), path, agent.access(digests)));
        }
        return submit(Request.read(Request.Kind.GET_ACL, this, path, null));
    }

    @Override
    public CompletableFuture<Stat> setACLAsync(String path, List<Acl> acl, int aversion) {
        return submit(Request.setAcl(this, path, acl, aversion));
    }

    /** The requests queued to the agent and not yet completed. Any thread. */
    int outstanding() {
        return outstanding.get();
    }

    /** Records the latency of a request submitted at {@code submittedNs} that completes now (agent thread). */
    void recordLatency(long submittedNs) {
        agent.requestLatency().record(agent.clock().nanoTime() - submittedNs);
    }

    /** This session's ordering of completions (agent thread only). */
    SessionTurns turns() {
        return turns;
    }

    // ---- writes ----

    @Override
    public CompletableFuture<String> createAsync(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMs) {
        return submit(Request.create(this, path, data, acl, mode, ttlMs));
    }

    @Override
    public CompletableFuture<Void> deleteAsync(String path, int version) {
        return submit(Request.delete(this, path, version));
    }

    @Override
    public CompletableFuture<Stat> setDataAsync(String path, byte[] data, int version) {
        return submit(Request.setData(this, path, data, version));
    }

    @Override
    public CompletableFuture<List<OpResult>> multiAsync(List<Op> ops) {
        return submit(Request.multi(this, ops));
    }

    @Override
    public CompletableFuture<Void> syncAsync(String path) {
        return submit(Request.sync(this, path));
    }

    // ---- reads ----

    @Override
    public CompletableFuture<Stat> existsAsync(String path, Watcher watcher) {
        if (watcher == null && canReadDirectly()) {
            return readDirectly(() -> Reads.exists(agent.published(), path));
        }
        return submit(Request.read(Request.Kind.EXISTS, this, path, watcher));
    }

    @Override
    public CompletableFuture<NodeData> getDataAsync(String path, Watcher watcher) {
        if (watcher == null && canReadDirectly()) {
            List<String> digests = authDigests;
            return readDirectly(() -> Reads.getData(agent.published(), path, agent.access(digests)));
        }
        return submit(Request.read(Request.Kind.GET_DATA, this, path, watcher));
    }

    @Override
    public CompletableFuture<List<String>> getChildrenAsync(String path, Watcher watcher) {
        if (watcher == null && canReadDirectly()) {
            List<String> digests = authDigests;
            return readDirectly(() -> Reads.getChildren(agent.published(), path, agent.access(digests),
                    agent.quotas().limits().maxChildrenListed()));
        }
        return submit(Request.read(Request.Kind.GET_CHILDREN, this, path, watcher));
    }

    // ---- persistent watches ----

    @Override
    public CompletableFuture<Void> addWatchAsync(String path, Watcher watcher, AddWatchMode mode) {
        if (watcher == null || mode == null) {
            return CompletableFuture.failedFuture(new CoordException.BadArgumentsException(path,
                    "addWatch on " + path + ": the " + (watcher == null ? "watcher" : "mode") + " is null"));
        }
        return submit(Request.addWatch(this, path, watcher, mode));
    }

    @Override
    public CompletableFuture<Void> removeWatchesAsync(String path, Watcher watcher, WatcherType type) {
        if (type == null) {
            return CompletableFuture.failedFuture(new CoordException.BadArgumentsException(path,
                    "removeWatches on " + path + ": the watcher type is null"));
        }
        return submit(Request.removeWatches(this, path, watcher, type));
    }

    private boolean canReadDirectly() {
        return outstanding.get() == 0 && state != SessionState.CLOSED && !closing && state != SessionState.EXPIRED;
    }

    private static <T> CompletableFuture<T> readDirectly(java.util.function.Supplier<T> read) {
        try {
            return CompletableFuture.completedFuture(read.get());
        } catch (CoordException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---- life cycle ----

    @Override
    public void close() {
        try {
            closeAsync().join();
        } catch (RuntimeException e) {
            // The peer is stopping or stopped: the session ends with it.
        }
    }

    @Override
    public synchronized CompletableFuture<Void> closeAsync() {
        if (closed == null) {
            closing = true;
            closed = agent.submitUnchecked(Request.closeSession(this)).thenApply(ignored -> null);
        }
        return closed;
    }

    /** Submits a request on behalf of this session, or fails it at once if the session is over. */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> submit(Request request) {
        synchronized (this) {
            CoordException refusal = refusal();
            if (refusal != null) {
                return CompletableFuture.failedFuture(refusal);
            }
            CoordException limit = agent.quotas().takeRequest(sessionId, outstanding.get());
            if (limit != null) {
                return CompletableFuture.failedFuture(limit);
            }
            outstanding.incrementAndGet();
            request.counted = true;
            request.authDigests = authDigests;
            request.seq = nextSeq++;
            request.submittedNs = agent.clock().nanoTime();
            return (CompletableFuture<T>) (CompletableFuture<?>) agent.submitUnchecked(request);
        }
    }

    private CoordException refusal() {
        if (closing || state == SessionState.CLOSED) {
            return new CoordException.ClosedException("session 0x" + Long.toHexString(sessionId) + " is closed");
        }
        if (state == SessionState.EXPIRED) {
            return new CoordException.SessionExpiredException("session 0x" + Long.toHexString(sessionId) + " has expired");
        }
        return null;
    }

    /** Called on the agent thread when the peer closes the session on its application's behalf. */
    void markClosing() {
        closing = true;
    }

    boolean isClosing() {
        return closing;
    }

    @Override
    public String toString() {
        return "Session[0x" + Long.toHexString(sessionId) + ", " + state + "]";
    }
}
