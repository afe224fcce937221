package dev.coord.transport;

import java.util.Objects;

/**
 * TransportSecurity is how a {@link TcpTransport} protects its connections: an authenticator for the
 * membership proof in the handshake (see {@link SharedSecretAuthenticator}) and, optionally, TLS under the
 * frames (see {@link TlsContext}). Either, both or neither.
 *
 * <p>With TLS, each side also checks that the other's certificate names the peer id it claims (the id in
 * the dialer's HELLO, the id the dialer dialed), by the convention of {@link PeerIdBinding}, unless
 * {@code bindPeerIds} is false (certificates shared by all peers; the transport then logs one WARN line).
 *
 * @param authenticator proves and checks membership in the handshake; {@link PeerAuthenticator#NONE} for none
 * @param tls           the TLS material, or null for plaintext TCP
 * @param bindPeerIds   whether a TLS peer's certificate must name the peer id it claims; ignored without TLS
 */
public record TransportSecurity(PeerAuthenticator authenticator, TlsContext tls, boolean bindPeerIds) {
    /** No authentication, no encryption. */
    public static final TransportSecurity NONE = new TransportSecurity(PeerAuthenticator.NONE, null);

    public TransportSecurity {
        Objects.requireNonNull(authenticator, "authenticator");
    }

    /** As the canonical constructor, with certificates bound to peer ids (the default). */
    public TransportSecurity(PeerAuthenticator authenticator, TlsContext tls) {
        this(authenticator, tls, true);
    }

    /** This security with any trusted certificate accepted for any peer id (certificates shared by all peers). */
    public TransportSecurity withoutPeerIdBinding() {
        return new TransportSecurity(authenticator, tls, false);
    }
}
