package dev.coord.transport;

/**
 * PeerAuthenticator decides whether the remote end of a handshake is a member of the cluster, by a
 * challenge/response over a {@link HandshakeTranscript}.
 *
 * <p>The exchange, when {@link #proofBytes()} is not 0 (see {@link Handshake}):
 * <ol>
 *   <li>the dialer's HELLO carries its fresh nonce;</li>
 *   <li>the acceptor's HELLO reply carries its own fresh nonce and its proof over both;</li>
 *   <li>the dialer checks that proof and sends its own in a PROOF frame; the acceptor announces the
 *       connection only after checking it.</li>
 * </ol>
 * A side with no authenticator ({@link #NONE}) sends no nonce and no proof, so a peer with a secret and one
 * without refuse each other.
 *
 * <p>It runs after the identity checks (protocol version, cluster name, known peer id, dialing direction)
 * have passed; a refusal closes the connection like any other unauthenticated frame.
 *
 * <p>Threading: called on the agent thread of the transport that owns it.
 */
public interface PeerAuthenticator {

    /** No authentication: no nonces, no proofs. */
    PeerAuthenticator NONE = new PeerAuthenticator() {
        @Override
        public int proofBytes() {
            return 0;
        }

        @Override
        public byte[] prove(HandshakeTranscript transcript, boolean asDialer) {
            return new byte[0];
        }

        @Override
        public boolean verify(HandshakeTranscript transcript, boolean fromDialer, byte[] proof) {
            return proof.length == 0;
        }
    };

    /** The length of a proof; 0 means no challenge/response at all. At most 64. */
    int proofBytes();

    /** Returns this side's proof over {@code transcript}, as the dialer or as the acceptor. */
    byte[] prove(HandshakeTranscript transcript, boolean asDialer);

    /**
     * Returns whether {@code proof} is a valid proof over {@code transcript} by the dialer (or the acceptor).
     * Implementations compare in constant time.
     */
    boolean verify(HandshakeTranscript transcript, boolean fromDialer, byte[] proof);
}
