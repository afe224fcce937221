package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.Session;
import dev.coord.tree.Access;
import dev.coord.txn.MalformedTxnException;
import dev.coord.txn.Txn;
import dev.coord.txn.TxnCodec;
import dev.coord.zab.MalformedMessageException;
import dev.coord.zab.ZabCodec;
import dev.coord.zab.ZabMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * Forwarding routes a {@link ReplicatedAgent}'s writes, session changes and syncs: to its own
 * {@link LeaderDuties} when it leads, to the leader over the wire when it follows, and into a queue
 * held until a leader serves (or the request's deadline passes) when there is none. It also decodes
 * every frame from other peers and heartbeats the peer's sessions to the leader.
 *
 * <p>Called only on the agent thread.
 */
final class Forwarding {
    private final ReplicatedAgent agent;
    private final Map<Long, Request> pending = new HashMap<>();
    private final Map<Long, Request> pendingSyncs = new HashMap<>();
    private final ArrayDeque<Request> held = new ArrayDeque<>();
    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(1024);
    private long nextReqId = 1;

    Forwarding(ReplicatedAgent agent) {
        this.agent = agent;
    }

    /** Handles a write, session open/close or sync of this peer's application. */
    void handle(Request request) {
        if (request.kind == Request.Kind.SYNC) {
            sync(request);
            return;
        }
        Txn txn = request.txn;
        if (txn == null) {
            try {
                txn = prepare(request);
            } catch (CoordException e) {
                agent.resolve(request, null, e);
                return;
            }
            if (txn == null) {
                return;
            }
            request.txn = txn;
            request.deadlineMs = agent.monoMs() + agent.ensemble.requestTimeoutMs();
        }
        long sessionId = request.kind == Request.Kind.OPEN_SESSION ? 0 : request.session.sessionId();
        if (agent.isServingLeader()) {
            Access access = request.session.access(request.authDigests);
            CoordException error = agent.leaderDuties.propose(request, agent.config.peerId(), 0, sessionId, txn, access);
            if (error != null) {
                agent.resolve(request, null, error);
            }
        } else if (agent.zab.isServing() && agent.transport.isConnected(agent.zab.leaderId())) {
            long reqId = nextReqId++;
            pending.put(reqId, request);
            int at = Wire.encodeRequestHeader(out, reqId, sessionId, request.authDigests);
            int length = at + TxnCodec.encode(0, txn, out, at);
            if (!agent.transport.send(agent.zab.leaderId(), out, 0, length)) {
                pending.remove(reqId);
                held.add(request);
            }
        } else {
            held.add(request);
        }
    }

    /** The transaction for a request; null when it needs none and was answered. */
    private Txn prepare(Request r) {
        long sessionId = r.session.sessionId();
        switch (r.kind) {
            case CREATE:
                return agent.preparer.create(r.path, r.data, r.acl, r.mode, r.ttlMs, sessionId, r.authDigests);
            case DELETE:
                return agent.preparer.delete(r.path, r.version);
            case SET_DATA:
                return agent.preparer.setData(r.path, r.data, r.version);
            case SET_ACL:
                return agent.preparer.setAcl(r.path, r.acl, r.version, r.authDigests);
            case MULTI:
                Txn.Multi multi = agent.preparer.multi(r.ops, sessionId, r.authDigests);
                if (multi.ops().isEmpty()) {
                    agent.resolve(r, List.of(), null);
                    return null;
                }
                return multi;
            case OPEN_SESSION:
                return new Txn.CreateSession(r.session.timeoutMs(), agent.config.peerId());
            case CLOSE_SESSION:
                if (agent.published().session(sessionId) == null) {
                    agent.resolve(r, null, null);
                    return null;
                }
                return new Txn.CloseSession(sessionId);
            default:
                throw new IllegalArgumentException("not a write: " + r.kind);
        }
    }

    private void sync(Request request) {
        if (request.deadlineMs == 0) {
            request.deadlineMs = agent.monoMs() + agent.ensemble.requestTimeoutMs();
        }
        if (agent.isServingLeader()) {
            agent.leaderDuties.sync(request, 0, 0);
        } else if (agent.zab.isServing() && agent.transport.isConnected(agent.zab.leaderId())) {
            long reqId = nextReqId++;
            pendingSyncs.put(reqId, request);
            out.putByte(0, Wire.SYNC);
            out.putLong(1, reqId);
            if (!agent.transport.send(agent.zab.leaderId(), out, 0, 9)) {
                pendingSyncs.remove(reqId);
                held.add(request);
            }
        } else {
            held.add(request);
        }
    }

    /** The local request that forwarded transaction {@code reqId} came from, now committed. */
    Request takePending(long reqId) {
        return pending.remove(reqId);
    }

    /** A leader serves again: requests held for want of one go to it, in order. */
    void releaseHeld() {
        List<Request> retry = new ArrayList<>(held);
        held.clear();
        for (Request r : retry) {
            handle(r);
        }
    }

    /** The leader is gone: forwarded requests have an unknown outcome. */
    void onLeaderLost() {
        for (Request r : pending.values()) {
            agent.resolve(r, null, new CoordException.ConnectionLossException(
                    "the connection to the leader was lost while the write was in flight; its outcome is unknown, read to find out"));
        }
        pending.clear();
        for (Request r : pendingSyncs.values()) {
            agent.resolve(r, null, new CoordException.ConnectionLossException("the connection to the leader was lost during sync"));
        }
        pendingSyncs.clear();
    }

    void tick(long nowMs) {
        while (!held.isEmpty() && held.peek().deadlineMs <= nowMs) {
            Request r = held.poll();
            agent.resolve(r, null, new CoordException.NoQuorumException(
                    "no leader was reachable within " + agent.ensemble.requestTimeoutMs() + " ms; nothing was written"));
        }
        if (agent.zab.isServing() && !agent.isServingLeader()) {
            heartbeatSessions(nowMs);
        }
    }

    private void heartbeatSessions(long nowMs) {
        List<Long> alive = new ArrayList<>();
        for (ClientSession s : agent.sessions()) {
            if (s.keepAliveMode() == Session.KeepAlive.AUTOMATIC || nowMs - s.lastKeepAliveMs() <= agent.config.tickMs()) {
                alive.add(s.sessionId());
            }
        }
        if (alive.isEmpty()) {
            return;
        }
        out.putByte(0, Wire.SESSION_PING);
        out.putInt(1, alive.size());
        int at = 5;
        for (long id : alive) {
            out.putLong(at, id);
            at += 8;
        }
        agent.transport.send(agent.zab.leaderId(), out, 0, at);
    }

    /** Every frame from another peer: ZAB's, or one of the peer's own messages. */
    void onFrame(int from, DirectBuffer buffer, int offset, int length) {
        if (agent.isCutOffFrom(from)) {
            return;
        }
        try {
            byte type = buffer.getByte(offset);
            if (ZabCodec.isZabType(type)) {
                ZabMessage message = ZabCodec.decode(buffer, offset, length);
                agent.zab.onMessage(from, message, agent.monoMs());
                // Carry out what it caused now, so a later message on this connection (a sync's
                // answer) finds its commits applied.
                agent.actions.run();
                return;
            }
            onPeerMessage(from, type, buffer, offset, length);
        } catch (MalformedMessageException | MalformedTxnException | IllegalArgumentException | IndexOutOfBoundsException e) {
            // Bad bytes from the network: that connection is closed (one WARN line from the transport) and
            // ZAB resynchronises when it is re-established; this peer goes on.
            agent.transport.closeConnection(from, "malformed message (" + e.getMessage()
                    + "); check that every peer runs the same Coord version");
        }
    }

    private void onPeerMessage(int from, byte type, DirectBuffer b, int offset, int length) {
        Wire.Reader r = new Wire.Reader(b, offset + 1, offset + length);
        switch (type) {
            case Wire.REQUEST, Wire.REQUEST_AUTH -> {
                long reqId = r.getLong();
                long sessionId = r.getLong();
                List<String> digests = type == Wire.REQUEST_AUTH ? r.digests() : List.of();
                Txn txn = TxnCodec.decode(b, r.position(), offset + length - r.position());
                if (!agent.isServingLeader() || !agent.zab.leadsLearner(from)) {
                    // Not (yet, or any longer) a learner of this leader's epoch: it would never see the commit.
                    agent.leaderDuties.notLeader(from, reqId);
                    return;
                }
                Txn checked;
                try {
                    // The learner's own checks are not trusted: the leader's are those of a local request.
                    checked = ForwardedWrite.recheck(agent.preparer, txn, from, sessionId, digests);
                } catch (CoordException e) {
                    agent.leaderDuties.reply(from, reqId, e);
                    return;
                }
                // The origin peer's address, as this leader knows it, is the session's ip identity.
                Access access = Access.of(agent.addressOf(from), digests, agent.config.superDigest());
                CoordException error = agent.leaderDuties.propose(null, from, reqId, sessionId, checked, access);
                if (error != null) {
                    agent.leaderDuties.reply(from, reqId, error);
                }
            }
            case Wire.REPLY -> {
                long reqId = r.getLong();
                Request request = pending.remove(reqId);
                if (request != null) {
                    agent.resolve(request, null, Wire.decodeReplyError(b, offset, length));
                }
            }
            case Wire.SESSION_PING -> {
                int count = r.getInt();
                for (int i = 0; i < count; i++) {
                    agent.leaderDuties.touch(r.getLong());
                }
            }
            case Wire.SYNC -> {
                long reqId = r.getLong();
                if (agent.isServingLeader() && agent.zab.leadsLearner(from)) {
                    agent.leaderDuties.sync(null, from, reqId);
                } else {
                    // A sync answered to a peer that does not follow this leader's epoch (one that
                    // still follows an earlier leader, unaware) would let it read its stale tree.
                    agent.leaderDuties.notLeader(from, reqId);
                }
            }
            case Wire.NOT_LEADER -> {
                // Nothing was written: wait for the next leader.
                long reqId = r.getLong();
                Request request = pending.remove(reqId);
                if (request == null) {
                    request = pendingSyncs.remove(reqId);
                }
                if (request != null) {
                    held.add(request);
                }
            }
            case Wire.SYNC_DONE -> {
                Request request = pendingSyncs.remove(r.getLong());
                if (request != null) {
                    agent.resolve(request, null, null);
                }
            }
            default -> throw new IllegalArgumentException("unknown message type " + type);
        }
    }
}
