package dev.coord.zab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * LeaderRole is a LEADING peer: discovery (gather FOLLOWERINFO from a quorum, choose a new epoch,
 * LEADERINFO, gather ACKEPOCH), synchronization of each learner by its {@link SyncPlan} followed by
 * NEWLEADER, establishment once a quorum acked NEWLEADER (everything in the leader's history is then
 * committed and UPTODATE sent), and broadcast: pipelined proposals in zxid order to each synced
 * learner, cumulative acks, commits in zxid order once a quorum of voters holds a proposal, INFORM to
 * observers. It steps down to LOOKING if discovery or sync takes longer than the init limit, or if it
 * has not heard from a quorum for the sync limit.
 */
final class LeaderRole {
    /** Phase is how far the leader has come in its epoch. */
    private enum Phase {
        DISCOVERY,
        SYNC,
        BROADCAST
    }

    private final Zab zab;
    private final long startMs;
    private final TreeMap<Integer, LearnerHandle> learners = new TreeMap<>();
    private Phase phase = Phase.DISCOVERY;
    private long newEpoch = -1;
    private long counter;
    private long selfDurable;

    LeaderRole(Zab zab, long nowMs) {
        this.zab = zab;
        this.startMs = nowMs;
        this.selfDurable = zab.durableZxid;
    }

    void start(long nowMs) {
        maybeChooseEpoch();
    }

    void onMessage(int from, ZabMessage message, long nowMs) {
        if (message instanceof ZabMessage.FollowerInfo info) {
            onFollowerInfo(from, info, nowMs);
            return;
        }
        LearnerHandle h = learners.get(from);
        if (h == null) {
            return;
        }
        h.lastHeardMs = nowMs;
        if (message instanceof ZabMessage.AckEpoch ack && ack.epoch() == newEpoch) {
            onAckEpoch(h, ack, nowMs);
        } else if (message instanceof ZabMessage.Ack ack && ack.epoch() == newEpoch) {
            onAck(h, ack);
        }
    }

    private void onFollowerInfo(int from, ZabMessage.FollowerInfo info, long nowMs) {
        boolean voter = zab.config.voters().contains(from);
        if (voter == info.observer() || !(voter || zab.config.observers().contains(from))) {
            return; // a peer that claims a role it is not configured for
        }
        LearnerHandle existing = learners.get(from);
        if (existing != null && info.acceptedEpoch() < newEpoch && info.acceptedEpoch() == existing.acceptedEpoch) {
            // A repeat sent before our LEADERINFO reached the learner: keep its progress.
            if (existing.epochAck == null) {
                zab.out.send(from, new ZabMessage.LeaderInfo(newEpoch));
            }
            return;
        }
        LearnerHandle h = new LearnerHandle(from, voter, info.acceptedEpoch(), nowMs);
        learners.put(from, h);
        if (newEpoch < 0) {
            maybeChooseEpoch();
        } else {
            zab.out.send(from, new ZabMessage.LeaderInfo(newEpoch));
        }
    }

    private void maybeChooseEpoch() {
        int voters = 1;
        long maxAccepted = zab.acceptedEpoch;
        for (LearnerHandle h : learners.values()) {
            if (h.voter) {
                voters++;
                maxAccepted = Math.max(maxAccepted, h.acceptedEpoch);
            }
        }
        if (voters < zab.config.quorum()) {
            return;
        }
        newEpoch = maxAccepted + 1;
        zab.persistEpochs(newEpoch, zab.config.selfId(), zab.currentEpoch);
        for (LearnerHandle h : learners.values()) {
            zab.out.send(h.id, new ZabMessage.LeaderInfo(newEpoch));
        }
        maybeStartSync();
    }

    private void onAckEpoch(LearnerHandle h, ZabMessage.AckEpoch ack, long nowMs) {
        if (h.epochAck != null) {
            return;
        }
        if (h.voter && isAhead(ack)) {
            // A voter holds a later history than this leader: this peer must not lead (ZAB's check).
            zab.becomeLooking(nowMs, "a voter holds a later history than this leader");
            return;
        }
        h.epochAck = ack;
        if (phase == Phase.DISCOVERY) {
            maybeStartSync();
        } else {
            sync(h);
        }
    }

    private boolean isAhead(ZabMessage.AckEpoch ack) {
        if (ack.currentEpoch() != zab.currentEpoch) {
            return ack.currentEpoch() > zab.currentEpoch;
        }
        return ack.history().lastZxid() > zab.history.lastZxid();
    }

    private void maybeStartSync() {
        if (newEpoch < 0) {
            return;
        }
        int acked = 1;
        for (LearnerHandle h : learners.values()) {
            if (h.voter && h.epochAck != null) {
                acked++;
            }
        }
        if (acked < zab.config.quorum()) {
            return;
        }
        phase = Phase.SYNC;
        // The leader's own NEWLEADER: it makes the new epoch current before anyone else does.
        zab.persistEpochs(newEpoch, zab.config.selfId(), newEpoch);
        for (LearnerHandle h : learners.values()) {
            if (h.epochAck != null) {
                sync(h);
            }
        }
        maybeEstablish();
    }

    /** Sends a learner its sync (by plan), then NEWLEADER; later proposals follow on the same channel. */
    private void sync(LearnerHandle h) {
        SyncPlan plan = SyncPlan.choose(zab.history, h.epochAck.history(), h.epochAck.lastCommitted());
        h.plan = plan;
        long from = plan.zxid();
        switch (plan.kind()) {
            case SNAP -> zab.out.send(h.id, new ZabMessage.Snap(newEpoch, plan.zxid(), zab.history.summary(), null));
            case TRUNC -> zab.out.send(h.id, new ZabMessage.Trunc(newEpoch, plan.zxid()));
            case DIFF -> { }
        }
        List<Map.Entry<Long, byte[]>> entries = zab.history.entriesAfter(from);
        if (entries == null) {
            throw new IllegalStateException("sync plan " + plan + " needs entries the window lost");
        }
        for (Map.Entry<Long, byte[]> e : entries) {
            zab.out.send(h.id, new ZabMessage.Proposal(newEpoch, e.getKey(), e.getValue()));
        }
        h.syncedUpTo = zab.history.lastZxid();
        zab.out.send(h.id, new ZabMessage.NewLeader(newEpoch, h.syncedUpTo));
    }

    private void onAck(LearnerHandle h, ZabMessage.Ack ack) {
        if (h.plan == null) {
            return;
        }
        if (ack.newLeader()) {
            h.newLeaderAcked = true;
            if (phase == Phase.BROADCAST) {
                zab.out.send(h.id, new ZabMessage.UpToDate(newEpoch, zab.history.lastCommitted()));
            }
        }
        h.ackedUpTo = Math.max(h.ackedUpTo, ack.zxid());
        if (phase == Phase.SYNC) {
            maybeEstablish();
        } else {
            maybeCommit();
        }
    }

    void onDurable(long zxid) {
        selfDurable = Math.max(selfDurable, zxid);
        if (phase == Phase.BROADCAST) {
            maybeCommit();
        } else if (phase == Phase.SYNC) {
            maybeEstablish();
        }
    }

    private void maybeEstablish() {
        // The leader counts towards the quorum once its own history is durable, as a follower acks
        // NEWLEADER only then: establishing commits all of it.
        int acked = selfDurable >= zab.history.lastZxid() ? 1 : 0;
        for (LearnerHandle h : learners.values()) {
            if (h.voter && h.newLeaderAcked) {
                acked++;
            }
        }
        if (phase != Phase.SYNC || acked < zab.config.quorum()) {
            return;
        }
        phase = Phase.BROADCAST;
        maybeCommit();
        for (LearnerHandle h : learners.values()) {
            if (h.newLeaderAcked) {
                zab.out.send(h.id, new ZabMessage.UpToDate(newEpoch, zab.history.lastCommitted()));
            }
        }
        zab.setServing(true);
    }

    /** Commits up to the highest zxid that a quorum of established voters holds durably. */
    private void maybeCommit() {
        List<Long> held = new ArrayList<>();
        held.add(selfDurable);
        for (LearnerHandle h : learners.values()) {
            if (h.voter && h.newLeaderAcked) {
                held.add(h.ackedUpTo);
            }
        }
        if (held.size() < zab.config.quorum()) {
            return;
        }
        held.sort(null);
        long quorumHeld = Math.min(held.get(held.size() - zab.config.quorum()), zab.history.lastZxid());
        long before = zab.history.lastCommitted();
        if (quorumHeld <= before) {
            return;
        }
        List<Map.Entry<Long, byte[]>> committed = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : zab.history.entriesAfter(before)) {
            if (e.getKey() <= quorumHeld) {
                committed.add(e);
            }
        }
        // Learners hear of the commit before this peer applies it, so that anything this peer answers
        // after applying (a sync, say) reaches a learner behind the commit on the same channel.
        for (LearnerHandle h : learners.values()) {
            if (h.plan == null) {
                continue;
            }
            if (h.voter || before < h.syncedUpTo) {
                // Observers learn of the commit of entries their sync already carried by COMMIT too.
                zab.out.send(h.id, new ZabMessage.Commit(newEpoch, h.voter ? quorumHeld : Math.min(quorumHeld, h.syncedUpTo)));
            }
            if (!h.voter) {
                for (Map.Entry<Long, byte[]> e : committed) {
                    if (e.getKey() > h.syncedUpTo) {
                        zab.out.send(h.id, new ZabMessage.Inform(newEpoch, e.getKey(), e.getValue()));
                    }
                }
            }
        }
        zab.commitUpTo(quorumHeld);
    }

    long nextZxid() {
        return phase == Phase.BROADCAST ? Zxid.of(newEpoch, counter + 1) : -1;
    }

    long propose(byte[] payload) {
        if (phase != Phase.BROADCAST) {
            return -1;
        }
        long zxid = Zxid.of(newEpoch, ++counter);
        zab.history.append(zxid, payload);
        zab.out.add(new ZabAction.Append(zxid, payload));
        for (LearnerHandle h : learners.values()) {
            if (h.plan != null && h.voter) {
                zab.out.send(h.id, new ZabMessage.Proposal(newEpoch, zxid, payload));
            }
        }
        return zxid;
    }

    void tick(long nowMs) {
        long elapsedMs = nowMs - startMs;
        if (phase != Phase.BROADCAST) {
            if (elapsedMs > zab.config.initLimitTicks() * zab.tickMs()) {
                zab.becomeLooking(nowMs, "discovery and sync took longer than the init limit");
            }
            return;
        }
        int heard = 1;
        long limitMs = zab.config.syncLimitTicks() * zab.tickMs();
        StringBuilder seen = new StringBuilder();
        for (LearnerHandle h : learners.values()) {
            if (h.plan != null) {
                zab.out.send(h.id, new ZabMessage.Ping(newEpoch, zab.history.lastCommitted()));
            }
            if (h.voter && h.newLeaderAcked && nowMs - h.lastHeardMs <= limitMs) {
                heard++;
            }
            seen.append(' ').append(h.id).append(h.newLeaderAcked ? "" : "(syncing)").append('@').append(nowMs - h.lastHeardMs).append("ms");
        }
        if (heard < zab.config.quorum()) {
            zab.becomeLooking(nowMs, "lost contact with a quorum for the sync limit; learners:" + seen);
        }
    }

    void onDisconnected(int peerId, long nowMs) {
        learners.remove(peerId);
    }

    /** True if {@code peerId} is a learner of this epoch that is being synced or is synced: it hears of every commit. */
    boolean hearsCommits(int peerId) {
        LearnerHandle h = learners.get(peerId);
        return h != null && h.plan != null;
    }

    Map<Integer, String> learnerStates() {
        Map<Integer, String> states = new TreeMap<>();
        for (LearnerHandle h : learners.values()) {
            states.put(h.id, h.newLeaderAcked ? "SYNCED" : h.plan != null ? "SYNCING" : "DISCOVERY");
        }
        return states;
    }

    Map<Integer, Long> learnerAckedZxids() {
        Map<Integer, Long> acked = new TreeMap<>();
        for (LearnerHandle h : learners.values()) {
            if (h.voter && h.newLeaderAcked) {
                acked.put(h.id, h.ackedUpTo);
            }
        }
        return acked;
    }

    /** LearnerHandle is what the leader knows of one connected learner. */
    private static final class LearnerHandle {
        final int id;
        final boolean voter;
        final long acceptedEpoch;
        long lastHeardMs;
        ZabMessage.AckEpoch epochAck;
        SyncPlan plan;
        long syncedUpTo;
        boolean newLeaderAcked;
        long ackedUpTo;

        LearnerHandle(int id, boolean voter, long acceptedEpoch, long nowMs) {
            this.id = id;
            this.voter = voter;
            this.acceptedEpoch = acceptedEpoch;
            this.lastHeardMs = nowMs;
        }
    }
}
