package dev.coord.metrics;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PeerJmx registers a peer's {@link PeerMXBean} with the platform MBean server as
 * {@code dev.coord:type=Peer,id=N}, and unregisters it when closed. When that name is taken (several
 * Coordinators with one peer id in one JVM, as in tests) it adds {@code instance=2}, {@code 3}, ...
 *
 * <p>Thread-safe; the bean reads its metrics on the JMX caller's thread.
 */
public final class PeerJmx implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerJmx.class);
    private final MBeanServer server;
    private final ObjectName name;

    private PeerJmx(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Registers the bean of peer {@code peerId}, reading {@code metrics}; returns null (and logs a
     * warning) if JMX refuses it, which never stops the peer.
     */
    public static PeerJmx register(int peerId, Supplier<PeerMetrics> metrics) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Bean bean = new Bean(metrics);
        try {
            for (int instance = 1; ; instance++) {
                ObjectName name = new ObjectName("dev.coord:type=Peer,id=" + peerId + (instance == 1 ? "" : ",instance=" + instance));
                try {
                    server.registerMBean(bean, name);
                    return new PeerJmx(server, name);
                } catch (InstanceAlreadyExistsException taken) {
                    // Another Coordinator with this peer id runs in this JVM: try the next instance.
                }
            }
        } catch (JMException | RuntimeException e) {
            LOG.warn("Peer {} runs without its JMX bean ({}); its metrics remain available from "
                    + "Coordinator.metrics(). Check the JVM's JMX settings if you need it.", peerId, e.toString());
            return null;
        }
    }

    /** The name the bean is registered under. */
    public ObjectName name() {
        return name;
    }

    /** Unregisters the bean; idempotent. */
    @Override
    public void close() {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException gone) {
            // Already unregistered.
        } catch (JMException e) {
            LOG.warn("Could not unregister JMX bean {} ({}); it reports a stopped peer until the JVM exits.", name, e.toString());
        }
    }

    /** Bean implements {@link PeerMXBean} over a metrics supplier. */
    private static final class Bean implements PeerMXBean {
        private final Supplier<PeerMetrics> metrics;

        Bean(Supplier<PeerMetrics> metrics) {
            this.metrics = metrics;
        }

        private PeerMetrics m() {
            return metrics.get();
        }

        @Override public int getPeerId() { return m().peerId(); }
        @Override public String getRole() { return m().role().name(); }
        @Override public int getLeaderId() { return m().leaderId(); }
        @Override public long getEpoch() { return m().epoch(); }
        @Override public long getLastZxid() { return m().lastZxid(); }
        @Override public String getLastZxidHex() { return "0x" + Long.toHexString(m().lastZxid()); }
        @Override public int getOutstandingRequests() { return m().outstandingRequests(); }
        @Override public long getRequestCount() { return m().requestLatency().count(); }
        @Override public long getRequestLatencyMinNs() { return m().requestLatency().minNs(); }
        @Override public double getRequestLatencyAvgNs() { return m().requestLatency().meanNs(); }
        @Override public long getRequestLatencyMaxNs() { return m().requestLatency().maxNs(); }
        @Override public long getRequestLatencyP50Ns() { return m().requestLatency().p50Ns(); }
        @Override public long getRequestLatencyP99Ns() { return m().requestLatency().p99Ns(); }
        @Override public long getRequestLatencyP999Ns() { return m().requestLatency().p999Ns(); }
        @Override public long getFsyncCount() { return m().fsyncLatency().count(); }
        @Override public long getFsyncP50Ns() { return m().fsyncLatency().p50Ns(); }
        @Override public long getFsyncP99Ns() { return m().fsyncLatency().p99Ns(); }
        @Override public long getFsyncP999Ns() { return m().fsyncLatency().p999Ns(); }
        @Override public long getFsyncMaxNs() { return m().fsyncLatency().maxNs(); }
        @Override public long getZnodeCount() { return m().znodeCount(); }
        @Override public int getWatchCount() { return m().watchCount(); }
        @Override public long getEphemeralsCount() { return m().ephemeralsCount(); }
        @Override public int getSessionCount() { return m().sessionCount(); }
        @Override public int getLocalSessionCount() { return m().localSessionCount(); }
        @Override public long getApproximateDataSize() { return m().approximateDataSize(); }
        @Override public long getLogBytes() { return m().logBytes(); }
        @Override public long getSnapshotBytes() { return m().snapshotBytes(); }
        @Override public long getMessagesSent() { return m().messagesSent(); }
        @Override public long getMessagesReceived() { return m().messagesReceived(); }
        @Override public long getBytesSent() { return m().bytesSent(); }
        @Override public long getBytesReceived() { return m().bytesReceived(); }

        @Override
        public long getMaxFollowerLagZxids() {
            return m().learners().stream().filter(LearnerStats::voting).mapToLong(LearnerStats::lagZxids).max().orElse(-1);
        }
    }
}
