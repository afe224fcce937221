package dev.coord.zab;

import java.util.List;
import java.util.Map;

/**
 * Zab is one peer's ZAB protocol as a pure state machine: messages, ticks and durability reports go
 * in; {@link ZabAction}s come out through {@link #drainActions()}, to be carried out in order by the
 * peer's I/O shell. Time is an argument; there are no threads, clocks or I/O here.
 *
 * <p>States: LOOKING runs {@link Election}; LEADING runs {@link LeaderRole} (discovery,
 * synchronization, broadcast); FOLLOWING and OBSERVING run {@link LearnerRole}.
 *
 * <p>Invariant: {@code acceptedEpoch >= currentEpoch}; a peer accepts an epoch from at most one
 * leader (it re-accepts an equal epoch only from the same leader), so no two leaders establish the
 * same epoch; all three values are persisted (through a
 * {@link ZabAction.PersistEpochs} emitted before anything that depends on them) whenever they change.
 */
public final class Zab {
    final ZabConfig config;
    final History history;
    final Outbox out = new Outbox();
    long acceptedEpoch;
    int acceptedLeader;
    long currentEpoch;
    long round;
    /**
     * Invariant: every history entry up to this zxid is durable in the log, as last reported by
     * {@link #onDurable} (lowered by a truncation); at most the history's last zxid. A new role starts
     * from it, never from the last zxid, because a force may still be running when the role changes.
     */
    long durableZxid;
    /**
     * True while this voter must not count toward any quorum: it lost its log (see
     * {@link #abstainUntilSynced()}). Cleared once it serves a leader's epoch, i.e. holds that leader's
     * history durably.
     */
    boolean abstaining;
    private PeerState state = PeerState.LOOKING;
    private int leaderId = -1;
    private boolean serving;
    private String lookingReason = "";
    private Election election;
    private LeaderRole leader;
    private LearnerRole learner;

    public Zab(ZabConfig config, long acceptedEpoch, int acceptedLeader, long currentEpoch, History history) {
        if (acceptedEpoch < currentEpoch) {
            throw new IllegalArgumentException("accepted epoch " + acceptedEpoch + " < current epoch " + currentEpoch);
        }
        this.config = config;
        this.acceptedEpoch = acceptedEpoch;
        this.acceptedLeader = acceptedLeader;
        this.currentEpoch = currentEpoch;
        this.history = history;
        this.durableZxid = history.lastZxid();
    }

    /**
     * Makes this peer, which lost (part of) the log it acked from, abstain until it has synced with an
     * established leader: in elections it casts no vote that could count (neither for itself nor for
     * another) and never decides; it only joins a leader that a quorum of the other voters already
     * follow. Why: it may have acked proposals that counted toward a quorum. Were it to vote with its
     * emptied history, a quorum including it could elect a leader lacking a committed proposal. A
     * quorum without it intersects every quorum that acked a committed proposal in another, intact
     * voter, so the leader it joins has every committed proposal. Call before {@link #start}.
     */
    public void abstainUntilSynced() {
        abstaining = true;
    }

    /** True while this peer abstains (see {@link #abstainUntilSynced()}). */
    public boolean isAbstaining() {
        return abstaining;
    }

    /** Starts the first election. */
    public void start(long nowMs) {
        becomeLooking(nowMs, "starting");
    }

    /** The actions emitted since the last call, in the order they must be carried out. */
    public List<ZabAction> drainActions() {
        return out.drain();
    }

    public void onMessage(int from, ZabMessage message, long nowMs) {
        if (message instanceof ZabMessage.Notification n) {
            onNotification(from, n, nowMs);
        } else if (leader != null) {
            leader.onMessage(from, message, nowMs);
        } else if (learner != null) {
            learner.onMessage(from, message, nowMs);
        }
    }

    private void onNotification(int from, ZabMessage.Notification n, long nowMs) {
        if (election != null) {
            election.onNotification(from, n, nowMs);
        } else if (n.state() == PeerState.LOOKING) {
            // Tell a peer that is looking who leads.
            out.send(from, new ZabMessage.Notification(
                    new Vote(leaderId, currentEpoch, history.lastZxid()), round, state));
        }
    }

    /** Advances timers: retransmissions, timeouts, pings. */
    public void tick(long nowMs) {
        if (election != null) {
            election.tick(nowMs);
        } else if (leader != null) {
            leader.tick(nowMs);
        } else if (learner != null) {
            learner.tick(nowMs);
        }
    }

    /** Everything up to {@code zxid} is durable in the log. */
    public void onDurable(long zxid, long nowMs) {
        durableZxid = Math.max(durableZxid, Math.min(zxid, history.lastZxid()));
        if (leader != null) {
            leader.onDurable(zxid);
        } else if (learner != null) {
            learner.onDurable(zxid);
        }
    }

    /** The connection to {@code peerId} broke: what was in flight on it may be lost. */
    public void onDisconnected(int peerId, long nowMs) {
        if (leader != null) {
            leader.onDisconnected(peerId, nowMs);
        } else if (learner != null) {
            learner.onDisconnected(peerId, nowMs);
        }
    }

    /**
     * Proposes a new transaction; only an established leader can.
     *
     * @return its zxid, or -1 if this peer is not an established leader
     */
    public long propose(byte[] payload, long nowMs) {
        return leader == null ? -1 : leader.propose(payload);
    }

    /** For an established leader: the zxid its next proposal will get; -1 otherwise. */
    public long nextZxid() {
        return leader == null ? -1 : leader.nextZxid();
    }

    /**
     * For an established leader: true if {@code peerId} is a learner of its epoch that hears of every
     * commit from now on. A peer that still follows an earlier epoch of this leader does not, and an
     * answer given to it (a sync, a failure) would not be followed by the commits it rests on.
     */
    public boolean leadsLearner(int peerId) {
        return leader != null && leader.hearsCommits(peerId);
    }

    public PeerState state() {
        return state;
    }

    /** The leader this peer follows or is, or -1 while looking. */
    public int leaderId() {
        return leaderId;
    }

    /** True once the peer is up to date with an established leader (or is that leader). */
    public boolean isServing() {
        return serving;
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    public long acceptedEpoch() {
        return acceptedEpoch;
    }

    public long lastZxid() {
        return history.lastZxid();
    }

    /**
     * The history's entries after {@code zxid}, in order, or null if its in-memory window no longer
     * reaches back to just after {@code zxid} (committed entries older than the window are evicted).
     */
    public List<Map.Entry<Long, byte[]>> entriesAfter(long zxid) {
        return history.entriesAfter(zxid);
    }

    public long lastCommitted() {
        return history.lastCommitted();
    }

    /**
     * For a leader: the highest zxid each synced follower acknowledged as durable, by peer id, for
     * status reports. Empty otherwise; observers are absent (they acknowledge only their sync).
     */
    public Map<Integer, Long> learnerAckedZxids() {
        return leader == null ? Map.of() : leader.learnerAckedZxids();
    }

    /** For a leader: each learner's state, for status reports. Empty otherwise. */
    public Map<Integer, String> learnerStates() {
        return leader == null ? Map.of() : leader.learnerStates();
    }

    // ---- transitions, used by the roles ----

    void becomeLooking(long nowMs, String reason) {
        leader = null;
        learner = null;
        lookingReason = reason;
        setState(PeerState.LOOKING, -1, false);
        election = new Election(this);
        election.start(nowMs);
    }

    void becomeLeader(long nowMs) {
        election = null;
        learner = null;
        setState(PeerState.LEADING, config.selfId(), false);
        leader = new LeaderRole(this, nowMs);
        leader.start(nowMs);
    }

    void becomeLearner(int newLeaderId, long nowMs) {
        election = null;
        leader = null;
        setState(config.isVoter() ? PeerState.FOLLOWING : PeerState.OBSERVING, newLeaderId, false);
        learner = new LearnerRole(this, newLeaderId, nowMs);
        learner.start(nowMs);
    }

    void setServing(boolean nowServing) {
        if (nowServing) {
            abstaining = false;
        }
        setState(state, leaderId, nowServing);
    }

    private void setState(PeerState newState, int newLeaderId, boolean nowServing) {
        if (newState == state && newLeaderId == leaderId && nowServing == serving) {
            return;
        }
        state = newState;
        leaderId = newLeaderId;
        serving = nowServing;
        out.add(new ZabAction.RoleChanged(state, leaderId, currentEpoch, serving,
                state == PeerState.LOOKING ? lookingReason : ""));
    }

    void persistEpochs(long accepted, int fromLeader, long current) {
        acceptedEpoch = accepted;
        acceptedLeader = fromLeader;
        currentEpoch = current;
        out.add(new ZabAction.PersistEpochs(accepted, fromLeader, current));
    }

    /** Commits up to {@code zxid} and emits the commits, in order; returns the new commit point. */
    long commitUpTo(long zxid) {
        for (Map.Entry<Long, byte[]> e : history.commitUpTo(zxid)) {
            out.add(new ZabAction.Commit(e.getKey(), e.getValue()));
        }
        return history.lastCommitted();
    }

    long tickMs() {
        return config.tickMs();
    }
}
