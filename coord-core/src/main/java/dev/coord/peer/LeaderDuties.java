package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.tree.Access;
import dev.coord.tree.Applied;
import dev.coord.tree.DataTree;
import dev.coord.session.SessionTracker;
import dev.coord.txn.Txn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LeaderDuties is what a {@link ReplicatedAgent} does while it is the established leader: it prepares
 * each write against the speculative tree (the committed tree plus every proposal in flight), proposes
 * it, and keeps the proposals in flight so their commit reuses the prepared result; it answers syncs,
 * and writes that fail, once everything proposed before them is committed; it tracks session
 * liveness from the peers' heartbeats and expires silent sessions; it deletes expired TTL nodes.
 *
 * <p>Called only on the agent thread.
 */
final class LeaderDuties {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderDuties.class);

    /** InFlight is a proposal not yet committed: its prepared effects and the local request, if any. */
    record InFlight(long zxid, Applied applied, Request request) {
    }

    /**
     * PendingAnswer is a sync ({@code error} null) or a failed write waiting for {@code zxid} to commit:
     * a local request, or a peer's id and request id.
     */
    private record PendingAnswer(long zxid, Request local, int peer, long reqId, CoordException error) {
    }

    /** What a sync proposes: a check of the root at any version, which always holds and changes nothing. */
    private static final Txn SYNC_BARRIER = new Txn.Multi(List.of(new Txn.Check("/", -1)));

    private final ReplicatedAgent agent;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final List<PendingAnswer> answers = new ArrayList<>();
    private final ExpandableArrayBuffer envelopeBuffer = new ExpandableArrayBuffer(1024);
    private final ExpandableDirectByteBuffer replyBuffer = new ExpandableDirectByteBuffer(256);
    private DataTree speculative;
    private SessionTracker tracker;

    LeaderDuties(ReplicatedAgent agent) {
        this.agent = agent;
    }

    boolean active() {
        return speculative != null;
    }

    /** The leader is established: everything in its history is committed and applied. */
    void onEstablished(long nowMs) {
        speculative = agent.published();
        inFlight.clear();
        tracker = new SessionTracker();
        speculative.forEachSession((id, info) -> tracker.add(id, info.timeoutMs(), nowMs));
        LOG.info("Peer {} leads epoch {} with {} session(s); their timers restart now", agent.config.peerId(),
                agent.zab.currentEpoch(), tracker.size());
    }

    /** The peer stopped leading: proposals in flight have an unknown outcome. */
    void onLeaderLost() {
        for (InFlight f : inFlight) {
            if (f.request() != null) {
                agent.resolve(f.request(), null, new CoordException.ConnectionLossException(
                        "leadership was lost while the write was in flight; its outcome is unknown, read to find out"));
            }
        }
        inFlight.clear();
        for (PendingAnswer a : answers) {
            if (a.local() != null) {
                // A failure rested on proposals that may now be lost: the client must look again.
                agent.resolve(a.local(), null, new CoordException.ConnectionLossException(a.error() == null
                        ? "leadership was lost during sync" : "leadership was lost before the outcome was settled; read to find out"));
            }
        }
        answers.clear();
        speculative = null;
        tracker = null;
    }

    /**
     * Prepares and proposes {@code txn} for session {@code sessionId} on behalf of {@code originPeer}'s
     * request {@code reqId} ({@code local} when it is this peer's); returns the error to answer, or null.
     * The leader decides here, for every write of the ensemble, whether the nodes' ACLs grant
     * {@code access} what the transaction needs, and whether a new session fits the ensemble's limit.
     */
    CoordException propose(Request local, int originPeer, long reqId, long sessionId, Txn txn, Access access) {
        if (!(txn instanceof Txn.CreateSession) && sessionId != 0 && speculative.session(sessionId) == null) {
            return answerAfterInFlight(local, originPeer, reqId,
                    new CoordException.SessionExpiredException("session 0x" + Long.toHexString(sessionId) + " is not live"));
        }
        if (txn instanceof Txn.CreateSession && speculative.sessionCount() >= agent.config.limits().maxSessions()) {
            return answerAfterInFlight(local, originPeer, reqId,
                    SessionLimit.exceeded(speculative.sessionCount(), agent.config.limits()));
        }
        long zxid = agent.zab.nextZxid();
        if (zxid < 0) {
            // ZAB stepped down in this turn and the agent has not yet carried out the role change.
            return new CoordException.NoQuorumException("peer " + agent.config.peerId() + " is no longer the leader; nothing was written");
        }
        long nowMs = agent.wallMs();
        Applied applied;
        try {
            applied = speculative.apply(zxid, nowMs, txn, access);
        } catch (CoordException e) {
            return answerAfterInFlight(local, originPeer, reqId, e);
        }
        byte[] payload = new Envelope(originPeer, reqId, nowMs, txn).encode(envelopeBuffer);
        long proposed = agent.zab.propose(payload, agent.monoMs());
        if (proposed != zxid) {
            throw new IllegalStateException("proposal got zxid " + proposed + ", expected " + zxid);
        }
        speculative = applied.tree();
        inFlight.add(new InFlight(zxid, applied, local));
        return null;
    }

    /**
     * A write failed against the speculative tree: the failure may rest on proposals still in flight,
     * so it is answered only once they commit (as ZooKeeper orders its error transactions). The
     * client's peer has applied them by then (learners hear of a commit before the leader applies it),
     * so the session reads a state that agrees with the failure; if leadership is lost first, the
     * answer is connection loss. Returns the error to answer now, or null if it waits. The peer's own
     * transactions (no request) get their error back at once: it means they are no longer needed.
     */
    private CoordException answerAfterInFlight(Request local, int originPeer, long reqId, CoordException error) {
        InFlight last = inFlight.peekLast();
        boolean own = local == null && reqId == 0;
        if (last == null || own) {
            return error;
        }
        answers.add(new PendingAnswer(last.zxid(), local, originPeer, reqId, error));
        return null;
    }

    /** The proposal {@code zxid} committed: its prepared effects, if this leader proposed it. */
    InFlight takeInFlight(long zxid) {
        InFlight head = inFlight.peek();
        if (head == null || head.zxid() != zxid) {
            return null;
        }
        return inFlight.poll();
    }

    /** After a commit is applied: session tracking, and syncs and failures waiting for it. */
    void onApplied(long zxid, Txn txn, Applied applied) {
        if (tracker != null) {
            if (txn instanceof Txn.CreateSession s) {
                tracker.add((Long) applied.result(), s.timeoutMs(), agent.monoMs());
            } else if (txn instanceof Txn.CloseSession c) {
                tracker.remove(c.sessionId());
            }
        }
        Iterator<PendingAnswer> it = answers.iterator();
        while (it.hasNext()) {
            PendingAnswer a = it.next();
            if (a.zxid() <= zxid) {
                it.remove();
                answer(a.local(), a.peer(), a.reqId(), a.error());
            }
        }
    }

    /**
     * A sync: answered once a barrier proposed now has committed. The barrier (a multi of one check
     * that always holds, changing nothing) needs a quorum of this epoch, so a leader that was deposed
     * without knowing it yet cannot answer a sync, and the session's next read reflects every write
     * committed before the sync began, by any leader. That costs one proposal per sync (syncs that
     * arrive together share nothing; ZooKeeper answers from the leader's own view instead, which is
     * why its sync is not linearizable).
     */
    void sync(Request local, int peer, long reqId) {
        CoordException error = propose(null, agent.config.peerId(), 0, 0, SYNC_BARRIER, Access.UNCHECKED);
        InFlight last = inFlight.peekLast();
        if (error != null || last == null) {
            answer(local, peer, reqId, error != null ? error : new CoordException.NoQuorumException("no barrier could be proposed"));
        } else {
            answers.add(new PendingAnswer(last.zxid(), local, peer, reqId, null));
        }
    }

    private void answer(Request local, int peer, long reqId, CoordException error) {
        if (local != null) {
            agent.resolve(local, null, error);
        } else if (error != null) {
            reply(peer, reqId, error);
        } else {
            replyBuffer.putByte(0, Wire.SYNC_DONE);
            replyBuffer.putLong(1, reqId);
            agent.transport.send(peer, replyBuffer, 0, 9);
        }
    }

    /** Tells a peer that its request reached a peer that does not lead (nothing was written). */
    void notLeader(int peer, long reqId) {
        replyBuffer.putByte(0, Wire.NOT_LEADER);
        replyBuffer.putLong(1, reqId);
        agent.transport.send(peer, replyBuffer, 0, 9);
    }

    /** Answers a forwarded request's error to its peer. */
    void reply(int peer, long reqId, CoordException error) {
        int length = Wire.encodeReply(replyBuffer, reqId, error);
        agent.transport.send(peer, replyBuffer, 0, length);
    }

    /** Heartbeats from a peer for its sessions. */
    void touch(long sessionId) {
        if (tracker != null) {
            tracker.touch(sessionId, agent.monoMs());
        }
    }

    void tick(long nowMs) {
        if (!active()) {
            return;
        }
        for (ClientSession s : agent.sessions()) {
            tracker.touch(s.sessionId(), s.aliveAtMs(nowMs));
        }
        for (long id : tracker.expired(nowMs)) {
            LOG.info("Session 0x{} expired: not heard from for its timeout", Long.toHexString(id));
            tracker.remove(id);
            propose(null, agent.config.peerId(), 0, 0, new Txn.CloseSession(id), Access.UNCHECKED);
        }
        for (Txn.Delete delete : speculative.expiredTtlDeletes(agent.wallMs())) {
            propose(null, agent.config.peerId(), 0, 0, delete, Access.UNCHECKED);
        }
    }
}
