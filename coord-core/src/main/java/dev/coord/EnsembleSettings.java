package dev.coord;

import dev.coord.peer.EnsembleConfig;
import dev.coord.transport.PeerAuthenticator;
import dev.coord.transport.TlsContext;
import dev.coord.transport.TransportSecurity;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * EnsembleSettings is what a {@link Coordinator.Builder} has been told about the ensemble its peer
 * joins, each setting starting at the default its builder method documents: the members and
 * observers, the cluster name, ZAB's tick limits, the request timeout, the committed log window, what
 * a peer does with damaged data, and how connections between members are protected. {@link #toConfig}
 * makes the {@link EnsembleConfig} of them, or none for a standalone peer.
 *
 * <p>Mutable, and used only by its builder's thread, as the builder is.
 */
final class EnsembleSettings {
    final Map<Integer, InetSocketAddress> members = new TreeMap<>();
    final Set<Integer> observers = new TreeSet<>();
    String clusterName = "coord";
    int initLimitTicks = 50;
    int syncLimitTicks = 20;
    Duration requestTimeout = Duration.ofSeconds(10);
    int committedLogWindow = 10_000;
    boolean resyncOnCorruptLog = true;
    PeerAuthenticator authenticator = PeerAuthenticator.NONE;
    TlsContext tls;
    boolean tlsPeerIdBinding = true;

    /**
     * The ensemble these settings describe, or null for a standalone peer (no members).
     *
     * @throws IllegalArgumentException if a standalone peer is given a shared secret or TLS, or a setting
     *                                  is out of range
     */
    EnsembleConfig toConfig() {
        if (members.isEmpty() && (authenticator != PeerAuthenticator.NONE || tls != null)) {
            throw new IllegalArgumentException("a shared secret or TLS protects connections between members; "
                    + "a standalone peer (no members) has none");
        }
        return members.isEmpty() ? null : new EnsembleConfig(clusterName, members, observers,
                initLimitTicks, syncLimitTicks, requestTimeout.toMillis(), committedLogWindow,
                resyncOnCorruptLog, new TransportSecurity(authenticator, tls, tlsPeerIdBinding));
    }
}
