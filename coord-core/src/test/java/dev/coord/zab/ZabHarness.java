package dev.coord.zab;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * ZabHarness runs several {@link Zab} state machines in one thread with virtual time, a FIFO network
 * per ordered pair that can be cut, and a simulated log per peer (appends durable at the end of each
 * step, or not at all for a peer whose disk is held). It records a transcript and checks ZAB's safety
 * invariants after every step: one established leader per epoch, identical commits at each zxid, and
 * commit order.
 */
final class ZabHarness {
    static final long TICK_MS = 50;

    final Map<Integer, SimPeer> peers = new TreeMap<>();
    final Set<Integer> voters;
    final Set<Integer> observers;
    private final Map<String, ArrayDeque<ZabMessage>> links = new LinkedHashMap<>();
    private final Set<String> cut = new HashSet<>();
    private final Map<Long, Integer> leaderOfEpoch = new HashMap<>();
    private final Map<Long, String> committedPayload = new HashMap<>();
    final List<String> transcript = new ArrayList<>();
    long nowMs;
    private long nextTickMs;
    int windowSize = 100;

    ZabHarness(Set<Integer> voters, Set<Integer> observers) {
        this.voters = voters;
        this.observers = observers;
        for (int id : voters) {
            peers.put(id, new SimPeer(id));
        }
        for (int id : observers) {
            peers.put(id, new SimPeer(id));
        }
    }

    /** SimPeer is one peer's durable state and its running state machine. */
    final class SimPeer {
        final int id;
        long acceptedEpoch;
        int acceptedLeader;
        long currentEpoch;
        final TreeMap<Long, byte[]> log = new TreeMap<>();
        long durable;
        long snapshotZxid;
        final List<Long> committed = new ArrayList<>();
        Zab zab;
        boolean up;
        boolean diskHeld;
        // Boots abstaining until synced (a voter that lost its log; see Zab#abstainUntilSynced).
        boolean abstain;

        SimPeer(int id) {
            this.id = id;
        }

        void boot() {
            ZabConfig config = new ZabConfig(id, voters, observers, TICK_MS, 10, 5, 0, windowSize);
            // Recovery: only what was durable survives; the tree restarts at the snapshot.
            log.tailMap(durable, false).clear();
            List<Long> ends = new ArrayList<>();
            for (long z : log.tailMap(snapshotZxid, false).keySet()) {
                if (!ends.isEmpty() && Zxid.epoch(ends.get(ends.size() - 1)) == Zxid.epoch(z)) {
                    ends.set(ends.size() - 1, z);
                } else {
                    ends.add(z);
                }
            }
            committed.removeIf(z -> z > snapshotZxid);
            History history = new History(windowSize, new EpochSummary(snapshotZxid, ends), snapshotZxid,
                    log.tailMap(snapshotZxid, false), snapshotZxid);
            zab = new Zab(config, acceptedEpoch, acceptedLeader, currentEpoch, history);
            if (abstain) {
                zab.abstainUntilSynced();
            }
            up = true;
            zab.start(nowMs);
        }
    }

    void startAll() {
        for (SimPeer p : peers.values()) {
            p.boot();
        }
    }

    private static String link(int from, int to) {
        return from + ">" + to;
    }

    /** Cuts both directions between {@code a} and {@code b}; each side sees a disconnect. */
    void disconnect(int a, int b) {
        cut.add(link(a, b));
        cut.add(link(b, a));
        dropLink(a, b);
        dropLink(b, a);
    }

    void heal() {
        cut.clear();
    }

    /** Cuts {@code side} from everyone else. */
    void isolate(int side) {
        for (int other : peers.keySet()) {
            if (other != side) {
                disconnect(side, other);
            }
        }
    }

    private void dropLink(int from, int to) {
        ArrayDeque<ZabMessage> q = links.remove(link(from, to));
        SimPeer receiver = peers.get(to);
        if (receiver.up) {
            receiver.zab.onDisconnected(from, nowMs);
        }
        if (q != null && !q.isEmpty()) {
            transcript.add("dropped " + q.size() + " messages " + from + "->" + to);
        }
    }

    void crash(int id) {
        SimPeer p = peers.get(id);
        p.up = false;
        p.zab = null;
        transcript.add(nowMs + " crash " + id);
        for (int other : peers.keySet()) {
            if (other != id) {
                links.remove(link(id, other));
                links.remove(link(other, id));
                SimPeer o = peers.get(other);
                if (o.up) {
                    o.zab.onDisconnected(id, nowMs);
                }
            }
        }
    }

    void restart(int id) {
        transcript.add(nowMs + " restart " + id);
        peers.get(id).boot();
    }

    /** Runs until {@code done} holds, or fails after {@code maxMs} of virtual time. */
    void runUntil(Predicate<ZabHarness> done, long maxMs) {
        long deadline = nowMs + maxMs;
        while (!done.test(this)) {
            if (nowMs > deadline) {
                throw new AssertionError("condition not reached within " + maxMs + " ms of virtual time; transcript tail:\n"
                        + String.join("\n", transcript.subList(Math.max(0, transcript.size() - 40), transcript.size())));
            }
            step();
        }
    }

    /** One step: carry out every peer's actions, deliver every queued message, advance time by 1 ms. */
    void step() {
        boolean busy = true;
        int rounds = 0;
        while (busy && rounds++ < 1000) {
            busy = false;
            for (SimPeer p : peers.values()) {
                if (p.up) {
                    busy |= execute(p);
                }
            }
            busy |= deliver();
            checkInvariants();
        }
        nowMs++;
        if (nowMs >= nextTickMs) {
            nextTickMs = nowMs + TICK_MS;
            for (SimPeer p : peers.values()) {
                if (p.up) {
                    p.zab.tick(nowMs);
                }
            }
        }
    }

    private boolean execute(SimPeer p) {
        List<ZabAction> actions = p.zab.drainActions();
        for (ZabAction a : actions) {
            if (a instanceof ZabAction.Send s) {
                send(p, s);
            } else if (a instanceof ZabAction.PersistEpochs e) {
                p.acceptedEpoch = e.acceptedEpoch();
                p.acceptedLeader = e.acceptedLeader();
                p.currentEpoch = e.currentEpoch();
            } else if (a instanceof ZabAction.Append ap) {
                p.log.put(ap.zxid(), ap.payload());
            } else if (a instanceof ZabAction.Truncate t) {
                transcript.add(nowMs + " " + p.id + " truncate to " + Zxid.hex(t.zxid()));
                p.log.tailMap(t.zxid(), false).clear();
                p.durable = Math.min(p.durable, t.zxid());
            } else if (a instanceof ZabAction.InstallSnapshot snap) {
                transcript.add(nowMs + " " + p.id + " install snapshot " + Zxid.hex(snap.zxid()));
                p.log.clear();
                p.durable = 0;
                p.snapshotZxid = snap.zxid();
                p.committed.clear();
                ByteBuffer b = ByteBuffer.wrap(snap.snapshot());
                while (b.hasRemaining()) {
                    p.committed.add(b.getLong());
                }
            } else if (a instanceof ZabAction.Commit c) {
                onCommit(p, c);
            } else if (a instanceof ZabAction.RoleChanged r) {
                transcript.add(nowMs + " " + p.id + " " + r.state() + " leader=" + r.leaderId() + " epoch=" + r.epoch()
                        + (r.serving() ? " serving" : ""));
                if (r.state() == PeerState.LEADING && r.serving()) {
                    Integer previous = leaderOfEpoch.putIfAbsent(r.epoch(), p.id);
                    if (previous != null && previous != p.id) {
                        throw new AssertionError("two leaders in epoch " + r.epoch() + ": " + previous + " and " + p.id);
                    }
                }
            }
        }
        if (!p.diskHeld && (!p.log.isEmpty() && p.log.lastKey() > p.durable)) {
            p.durable = p.log.lastKey();
        }
        if (!p.diskHeld) {
            p.zab.onDurable(p.log.isEmpty() ? p.snapshotZxid : p.log.lastKey(), nowMs);
        }
        return !actions.isEmpty();
    }

    private void send(SimPeer from, ZabAction.Send s) {
        SimPeer to = peers.get(s.peerId());
        if (!to.up || cut.contains(link(from.id, s.peerId()))) {
            return;
        }
        ZabMessage m = s.message();
        if (m instanceof ZabMessage.Snap snap && snap.snapshot() == null) {
            ByteBuffer b = ByteBuffer.allocate(8 * from.committed.size());
            for (long z : from.committed) {
                if (z <= snap.zxid()) {
                    b.putLong(z);
                }
            }
            m = new ZabMessage.Snap(snap.epoch(), snap.zxid(), snap.history(), Arrays.copyOf(b.array(), b.position()));
        }
        links.computeIfAbsent(link(from.id, s.peerId()), k -> new ArrayDeque<>()).add(m);
    }

    private boolean deliver() {
        boolean any = false;
        for (Map.Entry<String, ArrayDeque<ZabMessage>> e : new ArrayList<>(links.entrySet())) {
            ZabMessage m = e.getValue().poll();
            if (m == null) {
                continue;
            }
            String[] ends = e.getKey().split(">");
            SimPeer to = peers.get(Integer.parseInt(ends[1]));
            if (to.up) {
                to.zab.onMessage(Integer.parseInt(ends[0]), m, nowMs);
                any = true;
            }
        }
        return any;
    }

    private void onCommit(SimPeer p, ZabAction.Commit c) {
        if (!p.committed.isEmpty() && p.committed.get(p.committed.size() - 1) >= c.zxid()) {
            throw new AssertionError("peer " + p.id + " committed " + Zxid.hex(c.zxid()) + " out of order after "
                    + Zxid.hex(p.committed.get(p.committed.size() - 1)));
        }
        p.committed.add(c.zxid());
        String payload = new String(c.payload());
        String previous = committedPayload.putIfAbsent(c.zxid(), payload);
        if (previous != null && !previous.equals(payload)) {
            throw new AssertionError("zxid " + Zxid.hex(c.zxid()) + " committed as '" + previous + "' and as '" + payload + "'");
        }
    }

    private void checkInvariants() {
        List<Long> longest = List.of();
        for (SimPeer p : peers.values()) {
            if (p.committed.size() > longest.size()) {
                longest = p.committed;
            }
        }
        for (SimPeer p : peers.values()) {
            List<Long> c = p.committed;
            if (!longest.subList(0, c.size()).equals(c)) {
                throw new AssertionError("peer " + p.id + " committed " + c + " which is not a prefix of " + longest);
            }
        }
    }

    /** The peer that is an established leader, or -1. */
    int servingLeader() {
        for (SimPeer p : peers.values()) {
            if (p.up && p.zab.state() == PeerState.LEADING && p.zab.isServing()) {
                return p.id;
            }
        }
        return -1;
    }

    boolean allServing() {
        for (SimPeer p : peers.values()) {
            if (p.up && !p.zab.isServing()) {
                return false;
            }
        }
        return true;
    }

    /** Proposes {@code payload} at the serving leader; returns its zxid. */
    long propose(String payload) {
        int leader = servingLeader();
        if (leader < 0) {
            throw new AssertionError("no serving leader");
        }
        long zxid = peers.get(leader).zab.propose(payload.getBytes(), nowMs);
        transcript.add(nowMs + " " + leader + " propose " + Zxid.hex(zxid) + " " + payload);
        return zxid;
    }

    boolean committedEverywhere(long zxid) {
        for (SimPeer p : peers.values()) {
            if (p.up && (p.committed.isEmpty() || p.committed.get(p.committed.size() - 1) < zxid)) {
                return false;
            }
        }
        return true;
    }
}
