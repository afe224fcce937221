package dev.coord.transport;

import java.util.Objects;

/**
 * TransportSecurity is how a {@link TcpTransport} protects its connections: an authenticator for the
 * membership proof in the handshake (see {@link SharedSecretAuthenticator}) and, optionally, TLS under the
 * frames (see {@link TlsContext}). Either, both or neither.
 *
 * @param authenticator proves and checks membership in the handshake; {@link PeerAuthenticator#NONE} for none
 * @param tls           the TLS material, or null for plaintext TCP
 */
public record TransportSecurity(PeerAuthenticator authenticator, TlsContext tls) {
    /** No authentication, no encryption. */
    public static final TransportSecurity NONE = new TransportSecurity(PeerAuthenticator.NONE, null);

    public TransportSecurity {
        Objects.requireNonNull(authenticator, "authenticator");
    }
}
