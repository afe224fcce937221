package dev.coord.admin;

import dev.coord.Role;
import dev.coord.Stat;
import dev.coord.Status;
import dev.coord.metrics.ConnectionStats;
import dev.coord.metrics.LatencyStats;
import dev.coord.metrics.LearnerStats;
import dev.coord.metrics.PeerMetrics;
import dev.coord.metrics.SessionSummary;
import dev.coord.metrics.WatchSummary;
import java.util.List;

/**
 * Reports turns a peer's published views (its {@link Status}, {@link PeerMetrics}, sessions and
 * watches) into the admin endpoint's JSON documents. Session ids are hex strings (they do not fit a
 * JavaScript number); zxids are numbers, with a hex string beside them.
 *
 * <p>Pure functions of their arguments.
 */
final class Reports {
    private Reports() {
    }

    static String status(Status s) {
        JsonWriter w = new JsonWriter().beginObject()
                .field("peerId", s.peerId()).field("role", s.role().name()).field("leaderId", s.leaderId())
                .field("epoch", s.epoch()).field("lastZxid", s.lastZxid()).field("lastZxidHex", hex(s.lastZxid()))
                .field("sessionCount", s.sessionCount()).field("nodeCount", s.nodeCount())
                .field("digest", hex(s.digest()));
        w.name("members").beginArray();
        for (Status.Member m : s.members()) {
            w.beginObject().field("id", m.id()).field("address", m.address()).field("voting", m.voting())
                    .field("state", m.state()).endObject();
        }
        return w.endArray().endObject().toString();
    }

    /** Flat figures named as ZooKeeper's {@code mntr} names them, durations in microseconds. */
    static String metrics(PeerMetrics m) {
        JsonWriter w = new JsonWriter().beginObject()
                .field("peer_id", m.peerId()).field("role", m.role().name()).field("leader_id", m.leaderId())
                .field("epoch", m.epoch()).field("last_zxid", m.lastZxid()).field("last_zxid_hex", hex(m.lastZxid()))
                .field("outstanding_requests", m.outstandingRequests());
        latency(w, "request_latency", m.requestLatency());
        latency(w, "fsync", m.fsyncLatency());
        w.field("znode_count", m.znodeCount()).field("watch_count", m.watchCount())
                .field("ephemerals_count", m.ephemeralsCount()).field("session_count", m.sessionCount())
                .field("local_session_count", m.localSessionCount())
                .field("approximate_data_size", m.approximateDataSize())
                .field("log_bytes", m.logBytes()).field("snapshot_bytes", m.snapshotBytes())
                .field("packets_sent", m.messagesSent()).field("packets_received", m.messagesReceived())
                .field("bytes_sent", m.bytesSent()).field("bytes_received", m.bytesReceived());
        w.name("connections").beginArray();
        for (ConnectionStats c : m.connections()) {
            w.beginObject().field("peer_id", c.peerId()).field("connected", c.connected())
                    .field("packets_sent", c.messagesSent()).field("bytes_sent", c.bytesSent())
                    .field("packets_received", c.messagesReceived()).field("bytes_received", c.bytesReceived())
                    .endObject();
        }
        w.endArray().name("learners").beginArray();
        for (LearnerStats l : m.learners()) {
            learner(w.beginObject().field("peer_id", l.peerId()).field("voting", l.voting()).field("state", l.state()), l)
                    .endObject();
        }
        return w.endArray().endObject().toString();
    }

    private static JsonWriter learner(JsonWriter w, LearnerStats l) {
        if (l.ackedZxid() < 0) {
            return w.name("acked_zxid").nullValue().name("lag_zxids").nullValue();
        }
        return w.field("acked_zxid", l.ackedZxid()).field("lag_zxids", l.lagZxids());
    }

    private static void latency(JsonWriter w, String prefix, LatencyStats l) {
        w.field(prefix + "_count", l.count())
                .field(prefix + "_min_us", micros(l.minNs())).field(prefix + "_avg_us", micros(l.meanNs()))
                .field(prefix + "_max_us", micros(l.maxNs())).field(prefix + "_p50_us", micros(l.p50Ns()))
                .field(prefix + "_p99_us", micros(l.p99Ns())).field(prefix + "_p999_us", micros(l.p999Ns()));
    }

    /**
     * The members as this peer sees them: for each, its id, address, whether it votes, its state; this
     * peer's own last zxid; and, when this peer leads, each follower's acknowledged zxid and lag.
     */
    static String members(Status s, PeerMetrics m) {
        JsonWriter w = new JsonWriter().beginObject().field("self", s.peerId()).field("leaderId", s.leaderId())
                .field("role", s.role().name()).field("epoch", s.epoch()).field("lastZxid", s.lastZxid())
                .field("lastZxidHex", hex(s.lastZxid()));
        w.name("members").beginArray();
        for (Status.Member member : s.members()) {
            boolean self = member.id() == s.peerId();
            w.beginObject().field("id", member.id()).field("address", member.address())
                    .field("voting", member.voting()).field("observer", !member.voting())
                    .field("state", member.state()).field("self", self)
                    .field("leader", member.id() == s.leaderId());
            LearnerStats learner = learnerOf(m.learners(), member.id());
            if (self) {
                w.field("lastZxid", s.lastZxid()).field("lastZxidHex", hex(s.lastZxid()));
                if (s.role() == Role.LEADING) {
                    w.field("ackedZxid", s.lastZxid()).field("lagZxids", 0);
                }
            } else if (learner != null && learner.ackedZxid() >= 0) {
                w.field("ackedZxid", learner.ackedZxid()).field("ackedZxidHex", hex(learner.ackedZxid()))
                        .field("lagZxids", learner.lagZxids());
            }
            w.endObject();
        }
        return w.endArray().endObject().toString();
    }

    private static LearnerStats learnerOf(List<LearnerStats> learners, int id) {
        for (LearnerStats l : learners) {
            if (l.peerId() == id) {
                return l;
            }
        }
        return null;
    }

    static String sessions(List<SessionSummary> sessions) {
        JsonWriter w = new JsonWriter().beginObject().field("count", sessions.size()).name("sessions").beginArray();
        for (SessionSummary s : sessions) {
            w.beginObject().field("id", hex(s.sessionId())).field("timeoutMs", s.timeoutMs())
                    .field("ownerPeerId", s.ownerPeerId()).field("local", s.local()).field("state", s.state());
            w.name("ephemerals").beginArray();
            s.ephemerals().forEach(w::value);
            w.endArray().endObject();
        }
        return w.endArray().endObject().toString();
    }

    static String watches(List<WatchSummary> watches) {
        JsonWriter w = new JsonWriter().beginObject().field("count", watches.size()).name("watches").beginArray();
        for (WatchSummary watch : watches) {
            w.beginObject().field("path", watch.path()).field("kind", watch.kind())
                    .field("session", hex(watch.sessionId())).endObject();
        }
        return w.endArray().endObject().toString();
    }

    /** Writes a Stat's fields as an object member named {@code stat}. */
    static JsonWriter stat(JsonWriter w, Stat s) {
        return w.name("stat").beginObject()
                .field("czxid", s.czxid()).field("mzxid", s.mzxid()).field("pzxid", s.pzxid())
                .field("ctime", s.ctime()).field("mtime", s.mtime()).field("version", s.version())
                .field("cversion", s.cversion()).field("aversion", s.aversion())
                .field("ephemeralOwner", hex(s.ephemeralOwner())).field("dataLength", s.dataLength())
                .field("numChildren", s.numChildren()).endObject();
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static double micros(double ns) {
        return Math.round(ns / 100.0) / 10.0;
    }
}
