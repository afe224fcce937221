package dev.coord.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Handshake writes this peer's HELLO and decides whether a HELLO received from the other end of a
 * connection admits it.
 *
 * <p>Rules: same protocol version, same cluster name, a known peer id, the receiver id naming this peer,
 * and the one-connection-per-pair direction: the higher id dials, the lower only accepts. Then the
 * {@link PeerAuthenticator} has its say. Pure: no I/O, no clock.
 *
 * <p>Threading: confined to the agent thread of the transport that owns it.
 */
final class Handshake {
    private final int selfId;
    private final String clusterName;
    private final byte[] clusterNameUtf8;
    private final int[] peerIds;
    private final PeerAuthenticator authenticator;

    /** Creates the handshake of {@code selfId}; {@code peerIds} are the other members, sorted ascending. */
    Handshake(int selfId, String clusterName, int[] peerIds, PeerAuthenticator authenticator) {
        this.selfId = selfId;
        this.clusterName = clusterName;
        this.clusterNameUtf8 = clusterName.getBytes(StandardCharsets.UTF_8);
        this.peerIds = peerIds.clone();
        this.authenticator = authenticator;
    }

    /** Writes the HELLO payload addressed to {@code receiverId}; returns its length. */
    int writeHello(MutableDirectBuffer buffer, int offset, int receiverId) {
        int authOffset = HelloDescriptor.encodeHead(
            buffer, offset, HelloDescriptor.PROTOCOL_VERSION, selfId, receiverId, clusterNameUtf8);
        int authLength = authenticator.writeHelloAuth(selfId, receiverId, buffer, authOffset);
        if (authLength < 0 || authLength > HelloDescriptor.MAX_AUTH_BYTES) {
            throw new IllegalStateException("authenticator wrote " + authLength + " auth bytes");
        }
        HelloDescriptor.authLength(buffer, offset, authLength);
        return authOffset + authLength - offset;
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
        return rejectAuth(senderId, buffer, offset);
    }

    /** Returns null if the HELLO a dialed peer answered with is from {@code expectedPeerId}, else the reason. */
    String rejectFromAcceptor(int expectedPeerId, DirectBuffer buffer, int offset, int length) {
        String common = rejectCommon(buffer, offset, length);
        if (common != null) {
            return common;
        }
        int senderId = HelloDescriptor.senderId(buffer, offset);
        if (senderId != expectedPeerId) {
            return "dialed peer " + expectedPeerId + " but peer " + senderId + " answered";
        }
        return rejectAuth(senderId, buffer, offset);
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

    private String rejectAuth(int senderId, DirectBuffer buffer, int offset) {
        int authOffset = HelloDescriptor.authOffset(buffer, offset);
        String reason = authenticator.rejectHelloAuth(
            senderId, buffer, authOffset, HelloDescriptor.authLength(buffer, offset));
        return reason == null ? null : "authentication failed: " + reason;
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
