package dev.coord.transport;

import dev.coord.transport.PeerConnections.Level;
import dev.coord.transport.PeerLink.State;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CertificateRecheck holds the connections of a TLS transport to the TLS material as it is now, not as it
 * was at their handshakes: it looks for changed TLS files (when the context watches them) and, once the
 * material was reloaded, re-checks the peer certificate chain of every connection whose TLS handshake is
 * done: trust anchors, validity dates, the CRL (with the handshake's own trust manager, through
 * {@link TlsContext#rejectPeer}), and the peer id the chain must name. A connection that no longer passes
 * is closed with one WARN line; the others are left alone. A connection still in its TLS handshake is
 * re-checked once that is done (its engine may hold the older material). The first sweep after a reload
 * ends with one INFO line counting what it re-checked, when it re-checked anything.
 *
 * <p>Each connection carries the generation of the material it was last checked against
 * ({@code Connection.tlsGeneration}): stamped from {@link #generationForNewEngine()} before its engine is
 * made, so it is never newer than the engine's material. Agent thread only, like the connections.
 */
final class CertificateRecheck {
    private static final Logger LOG = LoggerFactory.getLogger(PeerConnections.class);
    private final TlsContext tls;
    private final PeerIdBinding binding;
    private final int selfId;
    /** The TLS material load the connections were last swept against. */
    private long sweptGeneration;

    /** {@code binding} may be null (peer ids not bound to certificates). */
    CertificateRecheck(TlsContext tls, PeerIdBinding binding, int selfId) {
        this.tls = tls;
        this.binding = binding;
        this.selfId = selfId;
        this.sweptGeneration = tls.generation();
    }

    /** The generation to stamp on a connection whose engine is made next. */
    long generationForNewEngine() {
        return tls.generation();
    }

    /** Looks for changed files and re-checks what a reload made stale; closes through {@code owner}. */
    void sweep(PeerLink[] links, List<Connection> pendingAccepted, PeerConnections owner, long nowNs) {
        tls.checkFiles(nowNs);
        long generation = tls.generation();
        int trusted = 0;
        int closed = 0;
        for (PeerLink link : links) {
            Connection connection = link.connection;
            if (connection != null && connection.tlsGeneration != generation) {
                int outcome = recheck(connection, link.state == State.DIALING ? -1 : link.peerId, generation, owner, nowNs);
                trusted += outcome > 0 ? 1 : 0;
                closed += outcome < 0 ? 1 : 0;
            }
        }
        for (int i = pendingAccepted.size() - 1; i >= 0; i--) {
            Connection connection = pendingAccepted.get(i);
            if (connection.tlsGeneration != generation) {
                int outcome = recheck(connection, connection.awaitingProofFrom, generation, owner, nowNs);
                trusted += outcome > 0 ? 1 : 0;
                closed += outcome < 0 ? 1 : 0;
            }
        }
        if (generation != sweptGeneration) {
            sweptGeneration = generation;
            if (trusted + closed > 0) {
                LOG.info("Peer {} re-checked the peer certificates of {} connections against TLS material load {}: "
                    + "{} still trusted, {} closed", selfId, trusted + closed, generation, trusted, closed);
            }
        }
    }

    /** When {@link #sweep} should next look at the files, for the agent's timer. */
    long nextFileCheckNs(long nowNs) {
        return tls.nextFileCheckNs(nowNs);
    }

    /**
     * Re-checks one connection's peer chain; {@code claimedId} is the peer id it must name, or -1 if none yet.
     *
     * @return 1 when it passed, -1 when it failed and the connection was closed, 0 when its TLS handshake is
     *         not done yet
     */
    private int recheck(Connection connection, int claimedId, long generation, PeerConnections owner, long nowNs) {
        if (!connection.tls.handshakeDone()) {
            return 0;
        }
        X509Certificate[] chain;
        try {
            chain = connection.tls.peerCertificateChain();
        } catch (SSLPeerUnverifiedException e) {
            return 0;
        }
        String reason = tls.rejectPeer(chain, !connection.dialed);
        if (reason == null && binding != null && claimedId >= 0) {
            reason = binding.reject(claimedId, chain[0]);
        }
        if (reason != null) {
            owner.close(connection, Level.WARN, "re-checked after a TLS reload: " + reason, nowNs);
            return -1;
        }
        connection.tlsGeneration = generation;
        return 1;
    }
}
