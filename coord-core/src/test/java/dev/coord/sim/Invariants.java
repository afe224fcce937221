package dev.coord.sim;

import dev.coord.tree.DataTree;
import dev.coord.zab.Zab;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Invariants are the safety properties of DESIGN.md section 3, checked while a simulation runs: on
 * every commit a peer makes, after every turn, and over every peer's log from time to time. A broken
 * one throws {@link SimulationFailure} at once.
 *
 * <ul>
 *   <li>At most one leader establishes itself in an epoch.
 *   <li>A zxid, once committed by any peer, has one payload everywhere: every peer that commits it
 *       commits the same bytes, and has the same tree digest after it.
 *   <li>Every leader, once established, holds every committed transaction it has not yet applied.
 *   <li>Below its commit point a peer's log holds exactly the committed transactions (no divergence).
 *   <li>A session that is gone from a peer's tree owns no ephemeral there.
 * </ul>
 */
final class Invariants {
    private final Map<Long, Integer> leaderOfEpoch = new TreeMap<>();
    private final TreeMap<Long, byte[]> committed = new TreeMap<>();
    private final Map<Long, Long> digestAt = new HashMap<>();
    private final Set<String> checkedLeaders = new TreeSet<>();
    private final Set<Long> sessions = new TreeSet<>();
    private final LongSupplier nowMs;
    private final java.util.function.LongConsumer sessionGone;
    private long commitsChecked;

    /** {@code sessionGone} hears of every commit after which a session the workload opened is gone. */
    Invariants(LongSupplier nowMs, java.util.function.LongConsumer sessionGone) {
        this.nowMs = nowMs;
        this.sessionGone = sessionGone;
    }

    /** A session the workload opened: its ephemerals are watched for once it is gone. */
    void sessionOpened(long sessionId) {
        sessions.add(sessionId);
    }

    long commitsChecked() {
        return commitsChecked;
    }

    /** Every zxid committed so far, with its payload. */
    TreeMap<Long, byte[]> committed() {
        return committed;
    }

    void onBoot(SimPeer peer) {
        checkLog(peer);
    }

    void onCommit(SimPeer peer, long zxid, byte[] payload, DataTree tree) {
        commitsChecked++;
        byte[] first = committed.putIfAbsent(zxid, payload);
        if (first != null && !Arrays.equals(first, payload)) {
            fail("peer " + peer.id + " committed zxid 0x" + Long.toHexString(zxid) + " with a payload other than the one committed before");
        }
        Long digest = digestAt.putIfAbsent(zxid, tree.digest());
        if (digest != null && digest != tree.digest()) {
            fail("peer " + peer.id + " has digest 0x" + Long.toHexString(tree.digest()) + " after zxid 0x" + Long.toHexString(zxid)
                    + ", another peer had 0x" + Long.toHexString(digest));
        }
        for (long session : sessions) {
            // A session's id is the zxid that created it: beyond it, absence means it ended.
            if (session < zxid && tree.session(session) == null) {
                sessionGone.accept(session);
            }
            if (tree.session(session) == null && !tree.ephemerals(session).isEmpty()) {
                fail("peer " + peer.id + " at zxid 0x" + Long.toHexString(zxid) + " still has ephemerals " + tree.ephemerals(session).toList()
                        + " of session 0x" + Long.toHexString(session) + ", which is gone");
            }
        }
    }

    void afterTurn(SimPeer peer) {
        Zab zab = peer.agent().zab();
        if (peer.isLeading()) {
            long epoch = zab.currentEpoch();
            Integer leader = leaderOfEpoch.putIfAbsent(epoch, peer.id);
            if (leader != null && leader != peer.id) {
                fail("two leaders in epoch " + epoch + ": peers " + leader + " and " + peer.id);
            }
            if (checkedLeaders.add(epoch + "/" + peer.id)) {
                checkLeaderHoldsCommitted(peer);
            }
        }
        if (peer.turns() % 500 == 0) {
            checkLog(peer);
        }
    }

    /** An established leader must hold every committed transaction beyond the tree it has applied. */
    private void checkLeaderHoldsCommitted(SimPeer peer) {
        long applied = peer.agent().committedTree().lastZxid();
        long epoch = peer.agent().zab().currentEpoch();
        Map<Long, byte[]> logged = read(peer);
        // Commits of earlier epochs only: a leader of an old epoch may still establish itself (its
        // acks were delayed) after a later epoch committed something, and that is safe.
        long epochStart = dev.coord.zab.Zxid.of(epoch, 0);
        if (applied >= epochStart) {
            return;
        }
        for (Map.Entry<Long, byte[]> c : committed.subMap(applied, false, epochStart, false).entrySet()) {
            byte[] mine = logged.get(c.getKey());
            if (mine == null || !Arrays.equals(mine, c.getValue())) {
                fail("peer " + peer.id + " leads epoch " + peer.agent().zab().currentEpoch() + " without committed zxid 0x"
                        + Long.toHexString(c.getKey()) + (mine == null ? " (missing)" : " (different payload)"));
            }
        }
    }

    /** Below its commit point, a peer's log holds exactly the committed transactions. */
    void checkLog(SimPeer peer) {
        if (!peer.isUp()) {
            return;
        }
        long commitPoint = Math.min(peer.agent().zab().lastCommitted(), committed.isEmpty() ? 0 : committed.lastKey());
        TreeMap<Long, byte[]> logged = read(peer);
        if (logged.isEmpty()) {
            return;
        }
        long first = logged.firstKey();
        if (first > commitPoint) {
            return;
        }
        for (Map.Entry<Long, byte[]> e : logged.headMap(commitPoint, true).entrySet()) {
            byte[] c = committed.get(e.getKey());
            if (c == null || !Arrays.equals(c, e.getValue())) {
                fail("peer " + peer.id + " logs zxid 0x" + Long.toHexString(e.getKey()) + " below its commit point 0x"
                        + Long.toHexString(commitPoint) + (c == null ? ", which was never committed" : " with a payload other than the committed one"));
            }
        }
        for (long z : committed.subMap(first, true, commitPoint, true).keySet()) {
            if (!logged.containsKey(z)) {
                fail("peer " + peer.id + " lacks committed zxid 0x" + Long.toHexString(z) + " below its commit point 0x" + Long.toHexString(commitPoint));
            }
        }
    }

    private static TreeMap<Long, byte[]> read(SimPeer peer) {
        TreeMap<Long, byte[]> records = new TreeMap<>();
        peer.disk.log().readAfter(0, (zxid, payload, offset, length) -> {
            byte[] copy = new byte[length];
            payload.getBytes(offset, copy, 0, length);
            records.put(zxid, copy);
        });
        return records;
    }

    /** At the end, with every peer up and in sync: every peer holds the same tree, at the same zxid. */
    void checkConverged(Iterable<SimPeer> peers) {
        Long zxid = null;
        Long digest = null;
        for (SimPeer p : peers) {
            DataTree tree = p.agent().committedTree();
            if (zxid == null) {
                zxid = tree.lastZxid();
                digest = tree.digest();
            } else if (zxid != tree.lastZxid() || digest != tree.digest()) {
                fail("after healing, peer " + p.id + " is at zxid 0x" + Long.toHexString(tree.lastZxid()) + " digest 0x"
                        + Long.toHexString(tree.digest()) + ", others at 0x" + Long.toHexString(zxid) + " digest 0x" + Long.toHexString(digest));
            }
            checkLog(p);
            checkEphemeralOwners(p.id, tree);
        }
        if (zxid != null && !committed.isEmpty() && zxid < committed.lastKey()) {
            fail("after healing, the peers are at zxid 0x" + Long.toHexString(zxid) + " but 0x" + Long.toHexString(committed.lastKey())
                    + " was committed: a committed transaction was lost");
        }
    }

    private void checkEphemeralOwners(int peerId, DataTree tree) {
        tree.forEachNodeDepthFirst((path, node) -> {
            if (node.ephemeralOwner() != 0 && tree.session(node.ephemeralOwner()) == null) {
                fail("peer " + peerId + " has ephemeral " + path + " of session 0x" + Long.toHexString(node.ephemeralOwner())
                        + ", which is gone");
            }
        });
    }

    private void fail(String message) {
        throw new SimulationFailure("at " + nowMs.getAsLong() + " ms: " + message);
    }
}
