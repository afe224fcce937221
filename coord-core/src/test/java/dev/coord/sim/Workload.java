package dev.coord.sim;

import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.NodeData;
import dev.coord.Op;
import dev.coord.OpResult;
import dev.coord.Session;
import dev.coord.SessionState;
import dev.coord.Stat;
import dev.coord.WatchedEvent;
import dev.coord.testkit.check.InitialTree;
import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Result;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Workload is the simulation's seeded client load: several sessions, each attached to one peer and
 * issuing one operation at a time through the public {@link Session} API — creates of every mode,
 * versioned and unversioned setData and delete, multi, reads with and without watches, sync followed
 * by a read, lock-style ephemeral-sequential nodes, session close and expiry. Each operation on the
 * checked paths is recorded in the history; watch events are checked as they fire (at most once per
 * watch, in zxid order per session).
 */
final class Workload {
    /**
     * The keys: persistent ones in pairs a multi may join ({@code /k/0} with {@code /k/1}, {@code /k/2}
     * with {@code /k/3}) and ephemeral ones ({@code /e/*}, whose sessions' ends join them to the lock
     * queue). Keeping the groups apart keeps the checker's partitions small.
     */
    static final String[] KEYS = {"/k/0", "/k/1", "/k/2", "/k/3", "/e/0", "/e/1"};
    static final List<String> PARENTS = List.of("/k", "/e", "/locks", "/seq", "/ct");
    private static final long SESSION_TIMEOUT_MS = 2_000;

    private final Scheduler time;
    private final Random random;
    private final Trace trace;
    private final Invariants invariants;
    private final HistoryRecorder history;
    private final List<SimPeer> peers;
    private final List<Client> clients = new ArrayList<>();
    private boolean stopped;
    private long opsIssued;
    private long watchEvents;
    private long expiries;
    private long closes;

    Workload(Scheduler time, Random random, Trace trace, Invariants invariants, HistoryRecorder history, List<SimPeer> peers) {
        this.time = time;
        this.random = random;
        this.trace = trace;
        this.invariants = invariants;
        this.history = history;
        this.peers = peers;
    }

    /** One client: a session on one peer, one operation at a time. */
    private final class Client {
        final int index;
        final boolean manual;
        SimPeer peer;
        int peerIncarnation;
        Session session;
        long sessionId;
        /**
         * A time the session's end surely follows: the latest invocation of one of its operations that
         * took effect (not the completion: an answer may arrive long after the end, from a lagging peer).
         */
        long lastOkNs;
        boolean keepingAlive = true;
        boolean ended;
        final Map<String, Integer> versions = new TreeMap<>();
        final List<String> locks = new ArrayList<>();
        long lastWatchZxid;

        Client(int index, boolean manual) {
            this.index = index;
            this.manual = manual;
        }

        boolean attached() {
            return session != null && !ended && peer.isUp() && peer.incarnation() == peerIncarnation;
        }
    }

    void start(int clientCount) {
        for (int i = 0; i < clientCount; i++) {
            Client c = new Client(i, i % 3 == 2);
            clients.add(c);
            time.after(random.nextInt(50_000_000), () -> connect(c));
        }
    }

    /** Stops issuing new operations; those in flight still complete. */
    void stop() {
        stopped = true;
    }

    long opsIssued() {
        return opsIssued;
    }

    long watchEvents() {
        return watchEvents;
    }

    long expiries() {
        return expiries;
    }

    long closes() {
        return closes;
    }

    /** A peer crashed: the sessions on it end (by expiry, later) and their clients move elsewhere. */
    void peerCrashed(SimPeer peer) {
        for (Client c : clients) {
            if (c.peer == peer && c.session != null && !c.ended) {
                endSession(c, false);
                reconnectLater(c);
            }
        }
    }

    private void connect(Client c) {
        if (stopped) {
            return;
        }
        List<SimPeer> up = peers.stream().filter(SimPeer::isUp).toList();
        if (up.isEmpty()) {
            reconnectLater(c);
            return;
        }
        SimPeer peer = up.get(random.nextInt(up.size()));
        c.peer = peer;
        c.peerIncarnation = peer.incarnation();
        c.session = null;
        c.ended = false;
        c.keepingAlive = true;
        c.versions.clear();
        c.locks.clear();
        c.lastWatchZxid = 0;
        trace.add("client " + c.index + " opens a session on peer " + peer.id);
        long openedAtNs = time.nowNs();
        peer.agent().openSession(SESSION_TIMEOUT_MS, c.manual ? Session.KeepAlive.MANUAL : Session.KeepAlive.AUTOMATIC)
                .whenComplete((session, error) -> {
                    if (c.peer != peer || c.peerIncarnation != peer.incarnation()) {
                        return;
                    }
                    if (error != null) {
                        trace.add("client " + c.index + " could not open a session: " + unwrap(error));
                        reconnectLater(c);
                        return;
                    }
                    c.session = session;
                    c.sessionId = session.sessionId();
                    c.lastOkNs = openedAtNs;
                    invariants.sessionOpened(c.sessionId);
                    trace.add("client " + c.index + " has session 0x" + Long.toHexString(c.sessionId));
                    session.addSessionListener(state -> onSessionState(c, session, state));
                    if (c.index == 0 && parentsMade < PARENTS.size()) {
                        createParents(c);
                    } else {
                        next(c);
                    }
                });
    }

    // How many of PARENTS surely exist.
    private int parentsMade;

    /**
     * The first client creates the static parents, each until it surely exists (if its session ends
     * first, it goes on with its next session); no client records anything before they all exist, so
     * the history starts from {@link #initialTree()}.
     */
    private void createParents(Client c) {
        if (!c.attached()) {
            return;
        }
        if (parentsMade == PARENTS.size()) {
            next(c);
            return;
        }
        String path = PARENTS.get(parentsMade);
        c.session.createAsync(path, new byte[0], CreateMode.PERSISTENT, 0).whenComplete((p, error) -> {
            Throwable e = error == null ? null : unwrap(error);
            if (e == null || (e instanceof CoordException ce && ce.code() == CoordException.Code.NODE_EXISTS)) {
                trace.add("client " + c.index + " made parent " + path);
                parentsMade++;
            }
            time.after(1_000_000, () -> createParents(c));
        });
    }

    /** The tree the recorded history starts from: the static parents, childless. */
    static InitialTree initialTree() {
        InitialTree tree = InitialTree.empty();
        for (String parent : PARENTS) {
            tree = tree.with(parent, "", 0, 0);
        }
        return tree;
    }

    private void onSessionState(Client c, Session session, SessionState state) {
        trace.add("client " + c.index + " session 0x" + Long.toHexString(session.sessionId()) + " is " + state);
        if (state == SessionState.EXPIRED && c.session == session && !c.ended) {
            expiries++;
            endSession(c, true);
            reconnectLater(c);
        }
    }

    /**
     * Records the end of the client's session: its ephemerals go at one point after its last success,
     * by the time the client sees it expired or, if it cannot (its peer crashed), by the time a peer
     * applies the session's end.
     */
    private void endSession(Client c, boolean observed) {
        c.ended = true;
        long id = history.invoke(c.sessionId, new Command.CloseSession(), c.lastOkNs, false);
        if (observed) {
            history.complete(id, Result.ok(null));
        } else {
            history.awaitClose(c.sessionId, id);
        }
    }

    private void reconnectLater(Client c) {
        time.after(100_000_000 + random.nextInt(400_000_000), () -> connect(c));
    }

    private void next(Client c) {
        if (stopped || !c.attached()) {
            return;
        }
        time.after(1_000_000 + random.nextInt(20_000_000), () -> issue(c));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void issue(Client c) {
        if (stopped || !c.attached()) {
            return;
        }
        if (parentsMade < PARENTS.size()) {
            next(c);
            return;
        }
        if (c.manual && c.keepingAlive) {
            c.session.keepAlive();
        }
        opsIssued++;
        Session s = c.session;
        String key = KEYS[random.nextInt(KEYS.length)];
        String data = "d" + opsIssued;
        int version = random.nextBoolean() ? c.versions.getOrDefault(key, -1) : -1;
        double r = random.nextDouble();
        if (r < 0.17) {
            write(c, new Command.SetData(key, data, version), s.setDataAsync(key, bytes(data), version),
                    stat -> Result.ok(version(key, c, stat)), () -> next(c));
        } else if (r < 0.27) {
            boolean ephemeral = key.startsWith("/e/");
            write(c, new Command.Create(key, data, ephemeral, false),
                    s.createAsync(key, bytes(data), ephemeral ? CreateMode.EPHEMERAL : CreateMode.PERSISTENT, 0),
                    p -> Result.ok(p), () -> next(c));
        } else if (r < 0.35) {
            write(c, new Command.Delete(key, version), s.deleteAsync(key, version), v -> Result.ok(null), () -> next(c));
        } else if (r < 0.47) {
            boolean watch = random.nextInt(3) == 0;
            read(c, new Command.GetData(key), 0, false, s.getDataAsync(key, watch ? watcher(c) : null),
                    d -> Result.ok(node(key, c, d)));
        } else if (r < 0.57) {
            syncThenRead(c, key);
        } else if (r < 0.62) {
            read(c, new Command.Exists(key), 0, false, s.existsAsync(key, random.nextBoolean() ? watcher(c) : null),
                    stat -> Result.ok(stat == null ? null : new Result.Node(null, stat.version(), stat.czxid(), stat.mzxid())));
        } else if (r < 0.73) {
            lockStep(c);
        } else if (r < 0.80) {
            multi(c, data);
        } else if (r < 0.84) {
            write(c, new Command.Create("/seq/n-", data, false, true),
                    s.createAsync("/seq/n-", bytes(data), CreateMode.PERSISTENT_SEQUENTIAL, 0), p -> Result.ok(p), () -> next(c));
        } else if (r < 0.87) {
            read(c, new Command.GetChildren("/e"), 0, false, s.getChildrenAsync("/e", random.nextBoolean() ? watcher(c) : null),
                    Result::ok);
        } else if (r < 0.90) {
            unrecordedModes(c, data);
        } else if (r < 0.915) {
            close(c);
        } else if (r < 0.925 && c.manual && c.keepingAlive) {
            trace.add("client " + c.index + " stops keeping session 0x" + Long.toHexString(c.sessionId) + " alive");
            c.keepingAlive = false;
            next(c);
        } else {
            read(c, new Command.GetData(key), 0, false, s.getDataAsync(key, null), d -> Result.ok(node(key, c, d)));
        }
    }

    private Result.Version version(String key, Client c, Stat stat) {
        c.versions.put(key, stat.version());
        return new Result.Version(stat.version(), stat.czxid(), stat.mzxid());
    }

    private Result.Node node(String key, Client c, NodeData d) {
        c.versions.put(key, d.stat().version());
        return new Result.Node(new String(d.data(), StandardCharsets.UTF_8), d.stat().version(), d.stat().czxid(), d.stat().mzxid());
    }

    private void syncThenRead(Client c, String key) {
        long syncAt = time.nowNs();
        trace.add("client " + c.index + " syncs " + key);
        c.session.syncAsync(key).whenComplete((v, error) -> {
            if (!c.attached()) {
                return;
            }
            if (error != null) {
                trace.add("client " + c.index + " sync failed: " + unwrap(error));
                next(c);
                return;
            }
            read(c, new Command.GetData(key), syncAt, true, c.session.getDataAsync(key, null), d -> Result.ok(node(key, c, d)));
        });
    }

    /** A lock-style step: take a ticket, look at the queue (with a watch), or give the ticket back. */
    private void lockStep(Client c) {
        Session s = c.session;
        if (c.locks.isEmpty() || random.nextInt(4) == 0) {
            write(c, new Command.Create("/locks/lock-", "", true, true), s.createAsync("/locks/lock-", new byte[0], CreateMode.EPHEMERAL_SEQUENTIAL, 0),
                    p -> {
                        c.locks.add(p);
                        return Result.ok(p);
                    }, () -> next(c));
        } else if (random.nextBoolean()) {
            read(c, new Command.GetChildren("/locks"), 0, false, s.getChildrenAsync("/locks", watcher(c)), Result::ok);
        } else {
            String mine = c.locks.remove(random.nextInt(c.locks.size()));
            write(c, new Command.Delete(mine, -1), s.deleteAsync(mine, -1), v -> Result.ok(null), () -> next(c));
        }
    }

    private void multi(Client c, String data) {
        // Two persistent keys of one pair.
        int pair = random.nextInt(2) * 2;
        String a = KEYS[pair + random.nextInt(2)];
        String b = KEYS[pair + random.nextInt(2)];
        List<Op> ops = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        switch (random.nextInt(3)) {
            case 0 -> {
                int v = c.versions.getOrDefault(a, 0);
                ops.add(Op.check(a, v));
                commands.add(new Command.Check(a, v));
                ops.add(Op.setData(b, bytes(data), -1));
                commands.add(new Command.SetData(b, data, -1));
            }
            case 1 -> {
                ops.add(Op.create(a, bytes(data), CreateMode.PERSISTENT));
                commands.add(new Command.Create(a, data, false, false));
                ops.add(Op.delete(b, -1));
                commands.add(new Command.Delete(b, -1));
            }
            default -> {
                ops.add(Op.setData(a, bytes(data), -1));
                commands.add(new Command.SetData(a, data, -1));
                ops.add(Op.setData(b, bytes(data + "'"), -1));
                commands.add(new Command.SetData(b, data + "'", -1));
            }
        }
        write(c, new Command.Multi(commands), c.session.multiAsync(ops), results -> {
            List<Result> each = new ArrayList<>();
            for (OpResult r : results) {
                if (r instanceof OpResult.Create cr) {
                    each.add(Result.ok(cr.path()));
                } else if (r instanceof OpResult.SetData sd) {
                    each.add(Result.ok(new Result.Version(sd.stat().version(), sd.stat().czxid(), sd.stat().mzxid())));
                } else {
                    each.add(Result.ok(null));
                }
            }
            return Result.ok(each);
        }, () -> next(c));
    }

    /** Containers and TTL nodes, which the leader deletes by itself: exercised, not in the history. */
    private void unrecordedModes(Client c, String data) {
        Session s = c.session;
        String name = "/ct/" + data;
        CompletableFuture<String> f = switch (random.nextInt(3)) {
            case 0 -> s.createAsync(name, new byte[0], CreateMode.CONTAINER, 0)
                    .thenCompose(p -> s.createAsync(p + "/x", new byte[0], CreateMode.EPHEMERAL, 0));
            case 1 -> s.createAsync(name, new byte[0], CreateMode.PERSISTENT_WITH_TTL, 200);
            default -> s.createAsync(name + "-", new byte[0], CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 300);
        };
        f.whenComplete((v, error) -> {
            trace.add("client " + c.index + " unrecorded create " + (error == null ? v : unwrap(error).toString()));
            next(c);
        });
    }

    private void close(Client c) {
        Session s = c.session;
        // A session that is not serving (SUSPENDED, LOST) may have been expired by the leader already, at
        // any point after its last success: its end is invoked no later than that.
        SessionState state = s.state();
        boolean serving = state == SessionState.CONNECTED || state == SessionState.RECONNECTED;
        long id = history.invoke(c.sessionId, new Command.CloseSession(), serving ? time.nowNs() : c.lastOkNs, false);
        c.ended = true;
        closes++;
        s.closeAsync().whenComplete((v, error) -> {
            history.complete(id, error == null ? Result.ok(null) : Result.unknown());
            reconnectLater(c);
        });
    }

    private dev.coord.Watcher watcher(Client c) {
        long sessionId = c.sessionId;
        boolean[] fired = new boolean[1];
        return (WatchedEvent event) -> {
            watchEvents++;
            trace.add("watch of 0x" + Long.toHexString(sessionId) + " fires: " + event);
            if (fired[0]) {
                throw new SimulationFailure("a watch of session 0x" + Long.toHexString(sessionId) + " fired twice: " + event);
            }
            fired[0] = true;
            if (c.sessionId == sessionId) {
                if (event.zxid() < c.lastWatchZxid) {
                    throw new SimulationFailure("watch events of session 0x" + Long.toHexString(sessionId) + " out of zxid order: "
                            + event + " after zxid 0x" + Long.toHexString(c.lastWatchZxid));
                }
                c.lastWatchZxid = event.zxid();
            }
        };
    }

    private <T> void write(Client c, Command command, CompletableFuture<T> future, Function<T, Result> ok, Runnable then) {
        long invokedNs = time.nowNs();
        long id = history.invoke(c.sessionId, command);
        future.whenComplete((value, error) -> {
            if (error == null) {
                c.lastOkNs = Math.max(c.lastOkNs, invokedNs);
                history.complete(id, ok.apply(value));
            } else {
                history.complete(id, failure(command, unwrap(error)));
            }
            then.run();
        });
    }

    private <T> void read(Client c, Command command, long syncedAtNs, boolean synced, CompletableFuture<T> future, Function<T, Result> ok) {
        long id = history.invoke(c.sessionId, command, synced ? syncedAtNs : time.nowNs(), synced);
        future.whenComplete((value, error) -> {
            if (error == null) {
                history.complete(id, ok.apply(value));
            } else {
                Result r = failure(command, unwrap(error));
                if (r instanceof Result.Unknown) {
                    history.abandon(id);
                } else {
                    history.complete(id, r);
                }
            }
            next(c);
        });
    }

    /** A definite failure code, or Unknown when the client cannot tell whether the operation happened. */
    private static Result failure(Command command, Throwable error) {
        if (!(error instanceof CoordException e)) {
            throw new SimulationFailure("unexpected failure of " + command + ": " + error, error);
        }
        CoordException.Code code = e.code();
        if (!e.opResults().isEmpty() && e.failedOpIndex() >= 0 && e.opResults().get(e.failedOpIndex()) instanceof OpResult.Error err) {
            code = err.code();
        }
        return switch (code) {
            case NO_NODE, NODE_EXISTS, BAD_VERSION, NOT_EMPTY, NO_CHILDREN_FOR_EPHEMERALS -> Result.failed(code.name().replace("_", ""));
            case BAD_ARGUMENTS, OK, RUNTIME_INCONSISTENCY -> throw new SimulationFailure("the workload sent a bad request " + command + ": " + e, e);
            default -> Result.unknown();
        };
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
