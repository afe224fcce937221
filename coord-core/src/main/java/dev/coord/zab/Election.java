package dev.coord.zab;

import java.util.HashMap;
import java.util.Map;

/**
 * Election is Fast Leader Election for one LOOKING peer. It votes for itself, adopts any better vote
 * (higher epoch, then zxid, then id) it hears in its round and re-broadcasts; once its vote has a
 * quorum of the voters and no better vote arrives for the finalize wait, the voted peer leads. Stale
 * rounds are answered, not counted. A peer joining a running ensemble follows the leader that a quorum
 * of FOLLOWING/LEADING voters report, once the leader itself reports LEADING. Observers never vote;
 * they learn the leader that way, and so does a voter that abstains until it has synced
 * ({@link Zab#abstainUntilSynced()}).
 */
final class Election {
    private final Zab zab;
    private final Map<Integer, Vote> received = new HashMap<>();
    private final Map<Integer, ZabMessage.Notification> outOfElection = new HashMap<>();
    private Vote vote;
    private long quorumSinceMs = -1;

    Election(Zab zab) {
        this.zab = zab;
    }

    /** A vote nobody adopts or shares: what an abstaining voter casts (see {@link Zab#abstainUntilSynced()}). */
    private static final Vote ABSTAIN = new Vote(-1, -1, -1);

    private Vote selfVote() {
        if (zab.abstaining) {
            return ABSTAIN;
        }
        return new Vote(zab.config.selfId(), zab.currentEpoch, zab.history.lastZxid());
    }

    void start(long nowMs) {
        zab.round++;
        vote = selfVote();
        if (zab.config.isVoter() && !zab.abstaining) {
            received.put(zab.config.selfId(), vote);
        }
        broadcast();
        checkQuorum(nowMs);
    }

    private void broadcast() {
        ZabMessage.Notification n = new ZabMessage.Notification(vote, zab.round, PeerState.LOOKING);
        for (int peer : zab.config.others()) {
            zab.out.send(peer, n);
        }
    }

    void onNotification(int from, ZabMessage.Notification n, long nowMs) {
        boolean fromVoter = zab.config.voters().contains(from);
        if (n.state() != PeerState.LOOKING) {
            if (fromVoter) {
                outOfElection.put(from, n);
                maybeJoinRunningEnsemble(n, nowMs);
            }
            return;
        }
        if (!fromVoter || !zab.config.isVoter() || zab.abstaining) {
            // Observers and abstaining voters neither vote nor count votes; answer so the sender knows our view.
            zab.out.send(from, new ZabMessage.Notification(vote, zab.round, PeerState.LOOKING));
            return;
        }
        if (n.round() < zab.round) {
            zab.out.send(from, new ZabMessage.Notification(vote, zab.round, PeerState.LOOKING));
            return;
        }
        if (n.round() > zab.round) {
            zab.round = n.round();
            received.clear();
            Vote self = selfVote();
            changeVote(n.vote().isBetterThan(self) ? n.vote() : self);
            received.put(zab.config.selfId(), vote);
        } else if (n.vote().isBetterThan(vote)) {
            changeVote(n.vote());
            received.put(zab.config.selfId(), vote);
        }
        received.put(from, n.vote());
        checkQuorum(nowMs);
    }

    private void changeVote(Vote better) {
        vote = better;
        quorumSinceMs = -1;
        broadcast();
    }

    private void checkQuorum(long nowMs) {
        if (!zab.config.isVoter() || zab.abstaining) {
            return;
        }
        int agreeing = 0;
        for (Vote v : received.values()) {
            if (v.equals(vote)) {
                agreeing++;
            }
        }
        if (agreeing < zab.config.quorum()) {
            quorumSinceMs = -1;
            return;
        }
        if (quorumSinceMs < 0) {
            quorumSinceMs = nowMs;
        }
        boolean everyoneAgrees = agreeing == zab.config.voters().size();
        if (everyoneAgrees || nowMs - quorumSinceMs >= zab.config.finalizeWaitMs()) {
            decide(vote.leaderId(), nowMs);
        }
    }

    private void maybeJoinRunningEnsemble(ZabMessage.Notification n, long nowMs) {
        int candidate = n.vote().leaderId();
        ZabMessage.Notification fromLeader = outOfElection.get(candidate);
        if (fromLeader == null || fromLeader.state() != PeerState.LEADING || candidate == zab.config.selfId()) {
            return;
        }
        int supporters = 0;
        for (ZabMessage.Notification other : outOfElection.values()) {
            if (other.vote().leaderId() == candidate) {
                supporters++;
            }
        }
        if (supporters >= zab.config.quorum()) {
            zab.round = Math.max(zab.round, n.round());
            zab.becomeLearner(candidate, nowMs);
        }
    }

    private void decide(int leaderId, long nowMs) {
        if (leaderId == zab.config.selfId()) {
            zab.becomeLeader(nowMs);
        } else {
            zab.becomeLearner(leaderId, nowMs);
        }
    }

    void tick(long nowMs) {
        broadcast();
        checkQuorum(nowMs);
    }
}
