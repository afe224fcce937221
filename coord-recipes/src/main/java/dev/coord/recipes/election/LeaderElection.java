package dev.coord.recipes.election;

import dev.coord.Acl;
import dev.coord.CoordClient;
import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.CreateParents;
import dev.coord.NodeData;
import dev.coord.Op;
import dev.coord.OpResult;
import dev.coord.SessionListener;
import dev.coord.SessionState;
import dev.coord.Watcher;
import dev.coord.recipes.internal.Deadline;
import dev.coord.recipes.internal.Janitor;
import dev.coord.recipes.internal.RecipeThread;
import dev.coord.recipes.internal.Sequence;
import dev.coord.recipes.locks.LockDecider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * LeaderElection elects one leader among participants of one path (the seeds' master election,
 * Curator's LeaderLatch), with fencing tokens and a listener told of every gain and loss.
 *
 * <p><b>How.</b> Each participant has an ephemeral-sequential node holding its id and payload; the
 * lowest leads; every other watches only its predecessor (no herd), deciding with {@link LockDecider}
 * and leaving the watch in the same step, so no two participants can both see themselves first.
 * The election runs on its own thread; the listener is called there.
 *
 * <p><b>Guarantees.</b> While sessions are alive, at most one participant leads, and leaders follow
 * each other in the order they joined. Each leadership has a fencing token (the zxid that created the
 * leader's node), larger than every earlier leader's and shared by no other participant: act as leader
 * only with it, on resources that refuse lower tokens. {@link #leader()} names the current leader and
 * its payload from this peer's view.
 *
 * <p><b>Session trouble.</b> SUSPENDED ends leadership at once ({@link LossReason#SUSPENDED}): the
 * peer cannot know whether its session survives. RECONNECTED with the node intact makes the
 * participant leader again if it is still first (same token). LOST is reported if not already; EXPIRED
 * and CLOSED end the election (open a new session and a new election to take part again). A crashed
 * leader's node goes when its session expires: the next participant leads within the session timeout
 * plus a tick. For the at-most-one-leader guarantee to hold in real time, the session timeout must
 * exceed the ensemble's sync limit (so a cut-off leader is suspended before it can expire); the
 * defaults (10 s, 2 s) do.
 *
 * <pre>{@code
 * LeaderElection election = new LeaderElection(coord, "/election/scheduler", "node-a", address,
 *         new LeadershipListener() {
 *             public void leadershipGained(long token) { scheduler.start(token); }
 *             public void leadershipLost(LossReason reason) { scheduler.stop(); }
 *         });
 * election.start();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LeaderElection implements AutoCloseable {
    private final CoordClient client;
    private final String dir;
    private final String participantId;
    private final byte[] data;
    private final LeadershipListener listener;
    private final RecipeThread thread;
    private final Janitor janitor;
    private final AtomicLong attempts = new AtomicLong();
    private final SessionListener sessionListener;
    private final Watcher evaluator;
    // Recipe thread only.
    private String ourPath;
    private long ourToken;
    private boolean started;
    private boolean ended;
    // Written on the recipe thread, read anywhere.
    private volatile boolean leading;
    private volatile long leadingToken = -1;
    private volatile CompletableFuture<Void> nextChange = new CompletableFuture<>();

    /**
     * A participant {@code participantId} with {@code payload} in the election at {@code path} (a
     * persistent node created on first use), told of its leadership through {@code listener}.
     */
    public LeaderElection(CoordClient client, String path, String participantId, byte[] payload,
                          LeadershipListener listener) {
        this.client = client;
        this.dir = path;
        this.participantId = participantId;
        this.data = Participant.encode(participantId, payload == null ? new byte[0] : payload);
        this.listener = listener;
        this.thread = new RecipeThread("coord-election-" + path + "-" + participantId);
        this.janitor = new Janitor(client);
        this.sessionListener = state -> thread.execute(() -> onSessionState(state));
        this.evaluator = event -> thread.execute(this::evaluate);
    }

    /** As above, with {@code acl} on every node it creates (see {@link CoordClient#withAcl}). */
    public LeaderElection(CoordClient client, String path, String participantId, byte[] payload,
                          LeadershipListener listener, List<Acl> acl) {
        this(client.withAcl(acl), path, participantId, payload, listener);
    }

    /** Joins the election: returns once this participant's node exists and it has decided once. */
    public void start() {
        thread.runAndWait(() -> {
            if (started) {
                return;
            }
            started = true;
            client.addSessionListener(sessionListener);
            join();
            evaluate();
        });
    }

    /** True while this participant leads and its session is connected. */
    public boolean hasLeadership() {
        SessionState state = client.state();
        return leading && (state == SessionState.CONNECTED || state == SessionState.RECONNECTED);
    }

    /** The fencing token of the current leadership, or -1 when not leading. */
    public long fencingToken() {
        return hasLeadership() ? leadingToken : -1;
    }

    /** This participant's id. */
    public String participantId() {
        return participantId;
    }

    /** Waits until this participant leads; false if {@code timeout} passes first. */
    public boolean awaitLeadership(Duration timeout) throws InterruptedException {
        long deadline = Deadline.after(timeout);
        while (true) {
            CompletableFuture<Void> change = nextChange;
            if (hasLeadership()) {
                return true;
            }
            long leftNs = deadline == Deadline.NONE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (leftNs <= 0) {
                return false;
            }
            try {
                change.get(Math.min(leftNs, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Checked again above: the session state can change without a leadership change.
            }
        }
    }

    /** The current leader as this peer sees it (sequentially consistent), if any. */
    public Optional<Participant> leader() {
        List<Participant> all = participants(1);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every participant, the leader first, as this peer sees them. */
    public List<Participant> participants() {
        return participants(Integer.MAX_VALUE);
    }

    private List<Participant> participants(int limit) {
        List<String> children;
        try {
            children = client.getChildren(dir);
        } catch (CoordException.NoNodeException e) {
            return List.of();
        }
        List<Participant> out = new ArrayList<>();
        for (String name : Sequence.sorted(children)) {
            if (out.size() == limit) {
                break;
            }
            try {
                NodeData d = client.getData(dir + "/" + name);
                out.add(Participant.decode(dir + "/" + name, d.stat().czxid(), d.data()));
            } catch (CoordException.NoNodeException e) {
                // Left meanwhile.
            }
        }
        return out;
    }

    /**
     * Gives up leadership (if held; the listener is told RESIGNED before the node goes) and joins
     * again at the back of the line. Returns once done; may be called from the listener.
     */
    public void resign() {
        thread.runAndWait(() -> {
            if (ended || !started) {
                return;
            }
            lose(LossReason.RESIGNED);
            String old = ourPath;
            ourPath = null;
            if (old != null) {
                deleteQuietly(old);
            }
            join();
            evaluate();
        });
    }

    /** Leaves the election (the listener is told CLOSED if leading) and stops its thread. Idempotent. */
    @Override
    public void close() {
        thread.runAndWait(() -> {
            if (!ended) {
                lose(LossReason.CLOSED);
                end();
            }
        });
        client.removeSessionListener(sessionListener);
        thread.close();
    }

    // ---- on the election's thread ----

    private void join() {
        while (!ended && ourPath == null) {
            String tag = "_" + Long.toHexString(client.sessionId()) + "." + attempts.incrementAndGet() + "_";
            try {
                List<OpResult> results = client.multi(List.of(
                        Op.create(dir + "/p-" + tag + "-", data, CreateMode.EPHEMERAL_SEQUENTIAL)));
                OpResult.Create created = (OpResult.Create) results.get(0);
                ourPath = created.path();
                ourToken = created.stat().czxid();
            } catch (CoordException.NoNodeException e) {
                try {
                    client.create(dir, null, CreateMode.PERSISTENT, CreateParents.PERSISTENT);
                } catch (CoordException.NodeExistsException ignored) {
                    // Another participant made it.
                }
            } catch (CoordException.ConnectionLossException | CoordException.NoQuorumException e) {
                janitor.deleteTaggedEventually(dir, tag);
                return;                                        // joined again on reconnection
            } catch (CoordException.SessionExpiredException | CoordException.ClosedException e) {
                return;                                        // the session listener ends the election
            }
        }
    }

    private void evaluate() {
        if (ended || !started) {
            return;
        }
        SessionState state = client.state();
        if (state != SessionState.CONNECTED && state != SessionState.RECONNECTED) {
            return;                                            // decided again on reconnection
        }
        if (ourPath == null) {
            join();
            if (ourPath == null) {
                return;
            }
        }
        try {
            String ours = ourPath.substring(ourPath.lastIndexOf('/') + 1);
            LockDecider.Decision decision = LockDecider.exclusive(client.getChildren(dir), ours);
            switch (decision.kind()) {
                case HOLDS -> {
                    // The leader waits on nothing; it watches its own node, so a deletion by someone
                    // else ends its leadership at once (NODE_DELETED) instead of at the next decision.
                    if (client.exists(ourPath, evaluator) == null) {
                        thread.execute(this::evaluate);
                        return;
                    }
                    gain();
                }
                case GONE -> {
                    lose(LossReason.NODE_DELETED);
                    ourPath = null;
                    thread.execute(this::evaluate);
                }
                case WATCH_NODE -> {
                    if (client.exists(dir + "/" + decision.watch(), evaluator) == null) {
                        thread.execute(this::evaluate);       // gone already: decide again
                    }
                }
                default -> throw new IllegalStateException("unexpected decision " + decision);
            }
        } catch (CoordException.NoNodeException e) {
            ourPath = null;
            thread.execute(this::evaluate);
        } catch (CoordException e) {
            // Connection trouble: the session listener decides again when it reconnects.
        }
    }

    private void onSessionState(SessionState state) {
        if (ended) {
            return;
        }
        switch (state) {
            case SUSPENDED -> lose(LossReason.SUSPENDED);
            case LOST -> lose(LossReason.LOST);
            case CONNECTED, RECONNECTED -> evaluate();
            case EXPIRED -> {
                lose(LossReason.EXPIRED);
                end();
            }
            case CLOSED -> {
                lose(LossReason.SESSION_CLOSED);
                end();
            }
            default -> { }
        }
    }

    private void gain() {
        if (!leading) {
            leadingToken = ourToken;
            leading = true;
            changed();
            listener.leadershipGained(ourToken);
        }
    }

    private void lose(LossReason reason) {
        if (leading) {
            leading = false;
            leadingToken = -1;
            changed();
            listener.leadershipLost(reason);
        }
    }

    private void changed() {
        CompletableFuture<Void> done = nextChange;
        nextChange = new CompletableFuture<>();
        done.complete(null);
    }

    private void end() {
        ended = true;
        if (ourPath != null) {
            deleteQuietly(ourPath);
            ourPath = null;
        }
    }

    private void deleteQuietly(String path) {
        try {
            client.delete(path, -1);
        } catch (CoordException.NoNodeException | CoordException.SessionExpiredException | CoordException.ClosedException e) {
            // Gone already, or going with the session.
        } catch (CoordException e) {
            janitor.deleteEventually(dir, path.substring(path.lastIndexOf('/') + 1));
        }
    }
}
