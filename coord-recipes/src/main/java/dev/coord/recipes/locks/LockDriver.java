package dev.coord.recipes.locks;

import dev.coord.CoordClient;
import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.CreateParents;
import dev.coord.Op;
import dev.coord.OpResult;
import dev.coord.SessionListener;
import dev.coord.SessionState;
import dev.coord.Stat;
import dev.coord.Watcher;
import dev.coord.recipes.internal.Janitor;
import dev.coord.recipes.internal.Sequence;
import dev.coord.recipes.internal.SessionWakeups;
import dev.coord.recipes.internal.Sessions;
import dev.coord.recipes.internal.Wakeup;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * LockDriver is the I/O half of every queue-of-contenders lock (the pure half is {@link LockDecider}):
 * it creates the contender node, asks its {@link Rule} whether the node holds, leaves the one watch the
 * rule names and waits, and tells {@link LockListener}s when a hold is lost or restored.
 *
 * <p>Costs: an uncontended acquisition is one write (a multi with one create, which also returns the
 * creating zxid, the fencing token) plus local reads; a release is one write, not waited for. The
 * lock's parent is a persistent node created on first use (a container would be deleted at every
 * full release, costing a failed create and two writes on every uncontended acquisition).
 *
 * <p>Node names are {@code <prefix>_<session>.<attempt>_-<sequence>}: the tag between underscores is
 * unique to one attempt, so a node whose create had an unknown outcome (a connection loss) can be found
 * and deleted by the {@link Janitor} instead of blocking the queue until the session ends.
 *
 * <p>Thread-safe: {@link #acquire} blocks the calling thread; the session listener runs on the
 * session's dispatcher thread.
 */
final class LockDriver implements SessionListener, AutoCloseable {
    /** Rule decides, from one listing of the parent's children, whether the named node holds. */
    interface Rule {
        LockDecider.Decision decide(List<String> children, String ours);
    }

    /** Data written to a lease holder's node to wake the waiter behind it (see {@link LockDecider}). */
    private static final byte[] HOLDER_MARK = {'h'};

    private final CoordClient client;
    private final String dir;
    private final String prefix;
    private final boolean marksHolders;
    private final SessionWakeups wakeups;
    private final Janitor janitor;
    private final CopyOnWriteArrayList<LockListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<Hold> holds = ConcurrentHashMap.newKeySet();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong wokenByWatch = new AtomicLong();

    /**
     * A driver for contenders named {@code prefix...} under {@code dir}. {@code marksHolders} is for
     * semaphores with more than one lease, where a waiter may watch a node that becomes a holder.
     */
    LockDriver(CoordClient client, String dir, String prefix, boolean marksHolders) {
        this.client = client;
        this.dir = dir;
        this.prefix = prefix;
        this.marksHolders = marksHolders;
        this.wakeups = new SessionWakeups(client);
        this.janitor = new Janitor(client);
        client.addSessionListener(this);
    }

    String dir() {
        return dir;
    }

    CoordClient client() {
        return client;
    }

    void addListener(LockListener listener) {
        listeners.add(listener);
    }

    void removeListener(LockListener listener) {
        listeners.remove(listener);
    }

    /** How many waits a watch event ended (for tests: a release must wake one waiter, not the herd). */
    long wokenByWatch() {
        return wokenByWatch.get();
    }

    /**
     * Creates a contender node and waits until {@code rule} says it holds, or until {@code deadlineNs}
     * (a {@link System#nanoTime()} value, {@code Long.MAX_VALUE} for none). Returns null on timeout,
     * after deleting the node. Deletes the node too when interrupted or failing.
     */
    Hold acquire(Rule rule, byte[] data, long deadlineNs) throws InterruptedException {
        Created created = create(data, deadlineNs);
        if (created == null) {
            return null;
        }
        Hold hold = null;
        try {
            hold = awaitHold(rule, created, deadlineNs);
            return hold;
        } finally {
            if (hold == null) {
                deleteQuietly(created.name);
            }
        }
    }

    /**
     * Releases a hold: issues the delete of its node and returns without waiting for it. The session
     * applies its requests in issue order, so the node is gone before anything the caller does next
     * through this session takes effect (a release followed by an acquisition costs one round trip,
     * not two). A delete with an unknown outcome is left to the janitor. Idempotent.
     */
    void release(Hold hold) {
        if (!holds.remove(hold)) {
            return;
        }
        hold.markReleased();
        String name = name(hold.path());
        client.deleteAsync(hold.path(), -1).whenComplete((ok, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof CoordException.ConnectionLossException || cause instanceof CoordException.NoQuorumException) {
                janitor.deleteEventually(dir, name);
            }
        });
    }

    private record Created(String path, String name, long czxid) {
    }

    private Created create(byte[] data, long deadlineNs) throws InterruptedException {
        String tagBase = "_" + Long.toHexString(client.sessionId()) + ".";
        while (true) {
            String tag = tagBase + attempts.incrementAndGet() + "_";
            CompletableFuture<List<OpResult>> multi = client.multiAsync(List.of(
                    Op.create(dir + "/" + prefix + tag + "-", data, CreateMode.EPHEMERAL_SEQUENTIAL)));
            // A serving session's create completes within a round trip: a short timeout must not cut it
            // off (tryLock(ZERO) still tries). A suspended one may wait for a leader: bound that wait.
            long createDeadlineNs = Sessions.isServing(client.state()) ? Long.MAX_VALUE : deadlineNs;
            try {
                OpResult.Create c = (OpResult.Create) awaitResult(multi, createDeadlineNs).get(0);
                return new Created(c.path(), name(c.path()), c.stat().czxid());
            } catch (CoordException.NoNodeException e) {
                createDir();
            } catch (CoordException.ConnectionLossException | CoordException.NoQuorumException e) {
                janitor.deleteTaggedEventually(dir, tag);
                if (!awaitConnected(deadlineNs)) {
                    return null;
                }
            } catch (TimeoutException | InterruptedException e) {
                // The create may still be applied (it waits for a leader): the janitor removes it then.
                janitor.deleteTaggedEventually(dir, tag);
                if (e instanceof InterruptedException interrupted) {
                    throw interrupted;
                }
                return null;
            }
        }
    }

    /** The result of {@code future} by {@code deadlineNs}, rethrowing its CoordException. */
    private static <T> T awaitResult(CompletableFuture<T> future, long deadlineNs)
            throws TimeoutException, InterruptedException {
        try {
            if (deadlineNs == Long.MAX_VALUE) {
                return future.get();
            }
            return future.get(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CoordException c) {
                throw c;
            }
            throw new IllegalStateException("a create failed unexpectedly", e.getCause());
        }
    }

    private void createDir() {
        try {
            client.create(dir, null, CreateMode.PERSISTENT, CreateParents.PERSISTENT);
        } catch (CoordException.NodeExistsException e) {
            // Another contender made it first.
        }
    }

    /** Waits until the session serves again; false if the deadline passed first. */
    private boolean awaitConnected(long deadlineNs) throws InterruptedException {
        while (true) {
            Wakeup w = wakeups.take();
            try {
                SessionState state = client.state();
                checkAlive(state);
                if (Sessions.isServing(state)) {
                    return true;
                }
                if (!w.await(deadlineNs)) {
                    return false;
                }
            } finally {
                wakeups.done(w);
            }
        }
    }

    private Hold awaitHold(Rule rule, Created created, long deadlineNs) throws InterruptedException {
        while (true) {
            Wakeup w = wakeups.take();
            try {
                SessionState state = client.state();
                checkAlive(state);
                if (state == SessionState.SUSPENDED || state == SessionState.LOST) {
                    // No decision while the session may be gone: wait for it to reconnect or end.
                    if (!w.await(deadlineNs)) {
                        return null;
                    }
                    continue;
                }
                List<String> children = client.getChildren(dir);
                LockDecider.Decision decision = rule.decide(children, created.name);
                switch (decision.kind()) {
                    case HOLDS:
                        return granted(created, children);
                    case GONE:
                        throw new CoordException.NoNodeException(created.path, "the contender node " + created.path
                                + " was deleted while it waited (by someone else, or its session ended)");
                    case WATCH_NODE:
                        if (!watchNode(rule, created, decision.watch(), counting(w))) {
                            continue;
                        }
                        break;
                    case WATCH_CHILDREN:
                        List<String> watched = client.getChildren(dir, counting(w));
                        if (rule.decide(watched, created.name).kind() != LockDecider.Decision.Kind.WATCH_CHILDREN) {
                            continue;
                        }
                        break;
                    default:
                        throw new IllegalStateException("unknown decision " + decision);
                }
                if (!w.await(deadlineNs)) {
                    return null;
                }
            } finally {
                wakeups.done(w);
            }
        }
    }

    /**
     * Leaves the watch on {@code target} and reads it in the same step; returns false when that read
     * shows the wait is already over (the node is gone or, with marks, became a holder), or when a
     * re-listing no longer names {@code target}, so the caller decides again at once.
     */
    private boolean watchNode(Rule rule, Created created, String target, Watcher watcher) {
        Stat stat = client.exists(dir + "/" + target, watcher);
        if (stat == null) {
            return false;
        }
        if (!marksHolders) {
            return true;
        }
        if (stat.version() > 0) {
            return false;
        }
        LockDecider.Decision again = rule.decide(client.getChildren(dir), created.name);
        return again.kind() == LockDecider.Decision.Kind.WATCH_NODE && target.equals(again.watch());
    }

    private Hold granted(Created created, List<String> children) {
        Hold hold = new Hold(created.path, created.czxid);
        holds.add(hold);
        if (marksHolders && hasSuccessor(children, created.name)) {
            // Wakes a waiter that may be watching this node while it was still waiting; fire and forget.
            client.setDataAsync(created.path, HOLDER_MARK, -1).exceptionally(e -> null);
        }
        if (!Sessions.isServing(client.state())) {
            hold.setValid(false);
        }
        return hold;
    }

    private static boolean hasSuccessor(List<String> children, String ours) {
        long mine = Sequence.of(ours);
        for (String child : children) {
            if (Sequence.of(child) > mine) {
                return true;
            }
        }
        return false;
    }

    private Watcher counting(Wakeup w) {
        return event -> {
            if (!w.isFired()) {
                wokenByWatch.incrementAndGet();
            }
            w.fire();
        };
    }

    private void checkAlive(SessionState state) {
        Sessions.checkAlive(state, "the lock on " + dir);
    }

    private void deleteQuietly(String name) {
        try {
            client.delete(dir + "/" + name, -1);
        } catch (CoordException.NoNodeException | CoordException.SessionExpiredException
                 | CoordException.ClosedException e) {
            // Gone already, or going with its session.
        } catch (CoordException.ConnectionLossException | CoordException.NoQuorumException e) {
            janitor.deleteEventually(dir, name);
        }
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    // ---- loss and restoration, on the session's dispatcher thread ----

    @Override
    public void stateChanged(SessionState state) {
        for (Hold hold : holds) {
            switch (state) {
                case SUSPENDED, LOST, EXPIRED, CLOSED -> {
                    boolean wasValid = hold.isValid();
                    hold.setValid(false);
                    if (wasValid || state.isTerminal() || state == SessionState.LOST) {
                        tellLost(hold, state);
                    }
                    if (state.isTerminal()) {
                        holds.remove(hold);
                    }
                }
                case RECONNECTED, CONNECTED -> restoreIfIntact(hold);
                default -> { }
            }
        }
    }

    private void restoreIfIntact(Hold hold) {
        if (hold.isValid()) {
            return;
        }
        Stat stat;
        try {
            stat = client.exists(hold.path());
        } catch (CoordException e) {
            return;
        }
        if (stat != null && stat.czxid() == hold.fencingToken()) {
            hold.setValid(true);
            listeners.forEach(l -> l.lockRestored(hold));
        } else {
            holds.remove(hold);
            tellLost(hold, SessionState.RECONNECTED);
        }
    }

    private void tellLost(Hold hold, SessionState cause) {
        listeners.forEach(l -> l.lockLost(hold, cause));
    }

    /** Stops listening to the session; holds still held stay until released. */
    @Override
    public void close() {
        client.removeSessionListener(this);
        wakeups.close();
    }
}
