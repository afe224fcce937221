package dev.coord;

import dev.coord.admin.AdminServer;
import dev.coord.metrics.PeerJmx;
import dev.coord.peer.Peer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * ManagementEndpoints are the ways a running Coordinator's peer is watched and operated from outside
 * its application: its JMX bean, registered for as long as the Coordinator runs, and the admin HTTP
 * endpoint when one was asked for. {@link Coordinator.Builder#start()} opens them once the default
 * session is open; {@link Coordinator#close()} (and the tests' halt) closes them before the peer stops.
 *
 * <p>Immutable; {@link #close} may be called from any thread and more than once, as its parts allow.
 * Invariant: if {@link #open} fails, nothing it opened stays open.
 */
final class ManagementEndpoints {
    /** Neither bean nor endpoint: a Coordinator's until its builder has opened its endpoints. */
    static final ManagementEndpoints NONE = new ManagementEndpoints(null, null);

    // Null when JMX refused the bean.
    private final PeerJmx jmx;
    // Null when the admin endpoint is off.
    private final AdminServer admin;

    private ManagementEndpoints(PeerJmx jmx, AdminServer admin) {
        this.jmx = jmx;
        this.admin = admin;
    }

    /**
     * Registers the JMX bean of {@code peer} (id {@code peerId}) and, if {@code adminAddress} is not
     * null, serves the admin endpoint there through sessions of {@code coord}.
     *
     * @throws java.io.UncheckedIOException if the admin address cannot be bound (the bean is then unregistered)
     */
    static ManagementEndpoints open(Coordinator coord, Peer peer, int peerId, InetSocketAddress adminAddress,
                                    boolean adminWritable, Duration sessionTimeout, Duration adminHeartbeat) {
        PeerJmx jmx = PeerJmx.register(peerId, peer::metrics);
        if (adminAddress == null) {
            return new ManagementEndpoints(jmx, null);
        }
        try {
            return new ManagementEndpoints(jmx, AdminServer.start(coord, peer, adminAddress, adminWritable,
                    sessionTimeout, adminHeartbeat));
        } catch (RuntimeException e) {
            if (jmx != null) {
                jmx.close();
            }
            throw e;
        }
    }

    /** The address the admin endpoint is bound to, or empty when it is off. */
    Optional<InetSocketAddress> adminAddress() {
        return admin == null ? Optional.empty() : Optional.of(admin.address());
    }

    /** Stops the admin endpoint (closing its session if {@code closeSession}) and unregisters the bean. */
    void close(boolean closeSession) {
        if (admin != null) {
            admin.close(closeSession);
        }
        if (jmx != null) {
            jmx.close();
        }
    }
}
