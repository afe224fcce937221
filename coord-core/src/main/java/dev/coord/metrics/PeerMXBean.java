package dev.coord.metrics;

/**
 * PeerMXBean is the JMX view of a peer's {@link PeerMetrics}, registered as
 * {@code dev.coord:type=Peer,id=<peer id>} while its Coordinator runs (see {@link PeerJmx}). Every
 * attribute reads a fresh snapshot; durations are in nanoseconds.
 */
public interface PeerMXBean {
    int getPeerId();

    /** STANDALONE, LOOKING, FOLLOWING, LEADING or OBSERVING. */
    String getRole();

    int getLeaderId();

    long getEpoch();

    long getLastZxid();

    /** The last zxid as {@code 0x} and hex digits. */
    String getLastZxidHex();

    int getOutstandingRequests();

    long getRequestCount();

    long getRequestLatencyMinNs();

    double getRequestLatencyAvgNs();

    long getRequestLatencyMaxNs();

    long getRequestLatencyP50Ns();

    long getRequestLatencyP99Ns();

    long getRequestLatencyP999Ns();

    long getFsyncCount();

    long getFsyncP50Ns();

    long getFsyncP99Ns();

    long getFsyncP999Ns();

    long getFsyncMaxNs();

    long getZnodeCount();

    int getWatchCount();

    long getEphemeralsCount();

    int getSessionCount();

    int getLocalSessionCount();

    long getApproximateDataSize();

    long getLogBytes();

    long getSnapshotBytes();

    long getMessagesSent();

    long getMessagesReceived();

    long getBytesSent();

    long getBytesReceived();

    /** For a leader: the largest lag of a follower, in zxids; -1 when none is known. */
    long getMaxFollowerLagZxids();
}
