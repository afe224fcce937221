package dev.coord.transport;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Handshake writes this peer's HELLO (and PROOF) and decides whether what the other end of a connection
 * sent admits it.
 *
 * <p>Rules: same protocol version, same cluster name, a known peer id, the receiver id naming this peer,
 * and the one-connection-per-pair direction: the higher id dials, the lower only accepts. Then the
 * {@link PeerAuthenticator} has its say. When it authenticates, the exchange has three legs:
 *
 * <pre>
 *   dialer                                        acceptor
 *     HELLO  (auth: dialer nonce)          --&gt;
 *                                          &lt;--  HELLO (auth: acceptor nonce, acceptor proof)
 *     PROOF  (dialer proof)                --&gt;    connection announced only after this checks
 * </pre>
 *
 * Both proofs cover both fresh nonces (see {@link HandshakeTranscript}), so nothing captured from one
 * connection proves anything on another. Without authentication the auth bytes are empty and there is no
 * PROOF. No I/O, no clock; nonces come from a {@link SecureRandom}.
 *
 * <p>Threading: confined to the agent thread of the transport that owns it.
 */
final class Handshake {
    /** The length of each side's nonce when authenticating. */
    static final int NONCE_BYTES = 32;
    private static final byte[] NO_BYTES = new byte[0];

    private final int selfId;
    private final String clusterName;
    private final byte[] clusterNameUtf8;
    private final int[] peerIds;
    private final PeerAuthenticator authenticator;
    private final SecureRandom random = new SecureRandom();

    /** Creates the handshake of {@code selfId}; {@code peerIds} are the other members, sorted ascending. */
    Handshake(int selfId, String clusterName, int[] peerIds, PeerAuthenticator authenticator) {
        this.selfId = selfId;
        this.clusterName = clusterName;
        this.clusterNameUtf8 = clusterName.getBytes(StandardCharsets.UTF_8);
        this.peerIds = peerIds.clone();
        this.authenticator = authenticator;
        int proof = authenticator.proofBytes();
        if (proof < 0 || NONCE_BYTES + proof > HelloDescriptor.MAX_AUTH_BYTES) {
            throw new IllegalArgumentException("authenticator proofs of " + proof + " bytes do not fit a HELLO");
        }
    }

    /** Whether connections need the PROOF leg. */
    boolean authenticates() {
        return authenticator.proofBytes() > 0;
    }

    /** A fresh nonce for one connection, empty when not authenticating. */
    byte[] newNonce() {
        if (!authenticates()) {
            return NO_BYTES;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    /** Writes a HELLO with no auth bytes addressed to {@code receiverId}; returns its length. */
    int writeHello(MutableDirectBuffer buffer, int offset, int receiverId) {
        return writeHello(buffer, offset, receiverId, NO_BYTES, NO_BYTES);
    }

    /** Writes the dialer's HELLO to {@code acceptorId}, carrying {@code dialerNonce}; returns its length. */
    int writeDialerHello(MutableDirectBuffer buffer, int offset, int acceptorId, byte[] dialerNonce) {
        return writeHello(buffer, offset, acceptorId, dialerNonce, NO_BYTES);
    }

    /** Writes the acceptor's HELLO reply to {@code dialerId}: its nonce and its proof; returns its length. */
    int writeAcceptorHello(MutableDirectBuffer buffer, int offset, int dialerId, byte[] dialerNonce,
                           byte[] acceptorNonce) {
        byte[] proof = authenticates()
            ? authenticator.prove(transcript(dialerId, selfId, dialerNonce, acceptorNonce), false) : NO_BYTES;
        return writeHello(buffer, offset, dialerId, acceptorNonce, proof);
    }

    /** Writes the dialer's PROOF payload for the connection to {@code acceptorId}; returns its length. */
    int writeProof(MutableDirectBuffer buffer, int offset, int acceptorId, byte[] dialerNonce, byte[] acceptorNonce) {
        byte[] proof = authenticator.prove(transcript(selfId, acceptorId, dialerNonce, acceptorNonce), true);
        buffer.putBytes(offset, proof);
        return proof.length;
    }

    /** Returns null if the HELLO a dialer sent admits it as a connection from a higher peer, else the reason. */
    String rejectFromDialer(DirectBuffer buffer, int offset, int length) {
        String common = rejectCommon(buffer, offset, length);
        if (common != null) {
            return common;
        }
        int senderId = HelloDescriptor.senderId(buffer, offset);
        if (Arrays.binarySearch(peerIds, senderId) < 0) {
            return "unknown peer id " + senderId;
        }
        if (senderId < selfId) {
            return "peer " + senderId + " dialed peer " + selfId + ", but only a higher id dials a lower one";
        }
        return rejectAuthLength(buffer, offset, authenticates() ? NONCE_BYTES : 0);
    }

    /** The nonce carried in the auth bytes of a HELLO already admitted. */
    static byte[] nonceOf(DirectBuffer buffer, int offset, int nonceBytes) {
        byte[] nonce = new byte[nonceBytes];
        buffer.getBytes(HelloDescriptor.authOffset(buffer, offset), nonce);
        return nonce;
    }

    /**
     * Returns null if the HELLO a dialed peer answered with is from {@code expectedPeerId} and, when
     * authenticating, carries a valid proof for {@code dialerNonce}; else the reason.
     */
    String rejectFromAcceptor(int expectedPeerId, DirectBuffer buffer, int offset, int length, byte[] dialerNonce) {
        String common = rejectCommon(buffer, offset, length);
        if (common != null) {
            return common;
        }
        int senderId = HelloDescriptor.senderId(buffer, offset);
        if (senderId != expectedPeerId) {
            return "dialed peer " + expectedPeerId + " but peer " + senderId + " answered";
        }
        if (!authenticates()) {
            return rejectAuthLength(buffer, offset, 0);
        }
        String layout = rejectAuthLength(buffer, offset, NONCE_BYTES + authenticator.proofBytes());
        if (layout != null) {
            return layout;
        }
        byte[] acceptorNonce = nonceOf(buffer, offset, NONCE_BYTES);
        byte[] proof = new byte[authenticator.proofBytes()];
        buffer.getBytes(HelloDescriptor.authOffset(buffer, offset) + NONCE_BYTES, proof);
        if (!authenticator.verify(transcript(selfId, senderId, dialerNonce, acceptorNonce), false, proof)) {
            return "authentication failed: peer " + senderId + "'s proof does not verify with any shared secret";
        }
        return null;
    }

    /** Returns null if a PROOF payload from {@code dialerId} verifies for this connection's nonces, else the reason. */
    String rejectProof(int dialerId, byte[] dialerNonce, byte[] acceptorNonce, DirectBuffer buffer, int offset,
                       int length) {
        if (length != authenticator.proofBytes()) {
            return "authentication failed: a PROOF of " + length + " bytes, expected " + authenticator.proofBytes();
        }
        byte[] proof = new byte[length];
        buffer.getBytes(offset, proof);
        if (!authenticator.verify(transcript(dialerId, selfId, dialerNonce, acceptorNonce), true, proof)) {
            return "authentication failed: peer " + dialerId + "'s proof does not verify with any shared secret";
        }
        return null;
    }

    private int writeHello(MutableDirectBuffer buffer, int offset, int receiverId, byte[] nonce, byte[] proof) {
        int authOffset = HelloDescriptor.encodeHead(
            buffer, offset, HelloDescriptor.PROTOCOL_VERSION, selfId, receiverId, clusterNameUtf8);
        buffer.putBytes(authOffset, nonce);
        buffer.putBytes(authOffset + nonce.length, proof);
        HelloDescriptor.authLength(buffer, offset, nonce.length + proof.length);
        return authOffset + nonce.length + proof.length - offset;
    }

    private HandshakeTranscript transcript(int dialerId, int acceptorId, byte[] dialerNonce, byte[] acceptorNonce) {
        return new HandshakeTranscript(clusterName, dialerId, acceptorId, dialerNonce, acceptorNonce);
    }

    private String rejectCommon(DirectBuffer buffer, int offset, int length) {
        String layout = HelloDescriptor.layoutError(buffer, offset, length);
        if (layout != null) {
            return layout;
        }
        int version = HelloDescriptor.version(buffer, offset);
        if (version != HelloDescriptor.PROTOCOL_VERSION) {
            return "protocol version " + version + ", expected " + HelloDescriptor.PROTOCOL_VERSION;
        }
        String remoteCluster = HelloDescriptor.clusterName(buffer, offset);
        if (!clusterName.equals(remoteCluster)) {
            return "cluster name '" + printable(remoteCluster) + "', expected '" + clusterName + "'";
        }
        int receiverId = HelloDescriptor.receiverId(buffer, offset);
        if (receiverId != selfId) {
            return "HELLO addressed to peer " + receiverId + " reached peer " + selfId;
        }
        return null;
    }

    private static String rejectAuthLength(DirectBuffer buffer, int offset, int expected) {
        int actual = HelloDescriptor.authLength(buffer, offset);
        if (actual == expected) {
            return null;
        }
        if (expected == 0) {
            return "authentication failed: unexpected authentication data (" + actual
                + " bytes); is a shared secret configured on one side only?";
        }
        return "authentication failed: " + actual + " bytes of authentication data, expected " + expected
            + (actual == 0 ? "; is a shared secret configured on one side only?" : "");
    }

    /** Makes remote text safe for one log line: control characters replaced, length capped. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 64));
        for (int i = 0; i < text.length() && i < 64; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
