package dev.coord.metrics;

import dev.coord.Role;
import java.util.List;

/**
 * PeerMetrics is an immutable snapshot of one peer's figures, the ones ZooKeeper's {@code mntr},
 * {@code srvr} and {@code stat} report. Role, leader, epoch and zxid are as of the agent's last turn;
 * the watch, session, traffic and learner figures as of its last tick; tree sizes as of a published tree
 * at most a second old; disk sizes at most a second old; latencies cover everything since the peer
 * started.
 *
 * @param peerId this peer
 * @param role what it does now
 * @param leaderId the leader it knows of, or -1
 * @param epoch the current epoch
 * @param lastZxid the last zxid applied to its tree
 * @param outstandingRequests requests of this peer's sessions queued or in progress
 * @param requestLatency from a request's submission to its completion, for the requests that go through
 *     the agent thread (writes, syncs, reads that leave a watch or wait behind the session's writes)
 * @param fsyncLatency each force of the transaction log to the device; empty when the log is in memory
 *     or not forced
 * @param znodeCount nodes in the tree, the root included
 * @param watchCount watches this peer's sessions left
 * @param ephemeralsCount ephemeral nodes in the tree
 * @param sessionCount live sessions in the ensemble
 * @param localSessionCount live sessions opened on this peer
 * @param approximateDataSize the sum of every node's path length and data length, in bytes
 * @param logBytes the size of the transaction log's files (their apparent size: Chronicle's files are
 *     sparse, so the space allocated is smaller); 0 when in memory
 * @param snapshotBytes the size of the snapshot files; 0 when in memory
 * @param connections traffic with each other member, by peer id
 * @param learners for a leader, each learner it leads, by peer id; empty otherwise
 */
public record PeerMetrics(
        int peerId,
        Role role,
        int leaderId,
        long epoch,
        long lastZxid,
        int outstandingRequests,
        LatencyStats requestLatency,
        LatencyStats fsyncLatency,
        long znodeCount,
        int watchCount,
        long ephemeralsCount,
        int sessionCount,
        int localSessionCount,
        long approximateDataSize,
        long logBytes,
        long snapshotBytes,
        List<ConnectionStats> connections,
        List<LearnerStats> learners) {

    public PeerMetrics {
        connections = List.copyOf(connections);
        learners = List.copyOf(learners);
    }

    /** Messages sent to all members. */
    public long messagesSent() {
        return connections.stream().mapToLong(ConnectionStats::messagesSent).sum();
    }

    /** Messages received from all members. */
    public long messagesReceived() {
        return connections.stream().mapToLong(ConnectionStats::messagesReceived).sum();
    }

    /** Payload bytes sent to all members. */
    public long bytesSent() {
        return connections.stream().mapToLong(ConnectionStats::bytesSent).sum();
    }

    /** Payload bytes received from all members. */
    public long bytesReceived() {
        return connections.stream().mapToLong(ConnectionStats::bytesReceived).sum();
    }
}
