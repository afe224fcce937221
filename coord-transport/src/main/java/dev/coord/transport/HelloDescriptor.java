package dev.coord.transport;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * HelloDescriptor is the layout of the payload of a HELLO frame, the handshake each side of a connection
 * sends first, little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       protocol version                        |
 *  +---------------------------------------------------------------+
 *  |                        sender peer id                         |
 *  +---------------------------------------------------------------+
 *  |                 receiver peer id (as expected)                |
 *  +-------------------------------+-------------------------------+
 *  |   cluster name length (16)    |      auth length (16)         |
 *  +-------------------------------+-------------------------------+
 *  |                    cluster name (UTF-8) ...                 ...
 *  +---------------------------------------------------------------+
 *  |                    auth bytes (PeerAuthenticator) ...       ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The higher peer id dials and sends its HELLO first; the lower id checks it and answers with its own.
 */
public final class HelloDescriptor {
    public static final int PROTOCOL_VERSION = 1;

    public static final int VERSION_OFFSET = 0;
    public static final int SENDER_ID_OFFSET = 4;
    public static final int RECEIVER_ID_OFFSET = 8;
    public static final int CLUSTER_NAME_LENGTH_OFFSET = 12;
    public static final int AUTH_LENGTH_OFFSET = 14;
    public static final int CLUSTER_NAME_OFFSET = 16;

    public static final int MAX_CLUSTER_NAME_BYTES = 255;
    public static final int MAX_AUTH_BYTES = 512;
    public static final int MAX_LENGTH = CLUSTER_NAME_OFFSET + MAX_CLUSTER_NAME_BYTES + MAX_AUTH_BYTES;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private HelloDescriptor() {
    }

    /** Writes the fixed fields and the cluster name; returns the offset where auth bytes go. */
    public static int encodeHead(
        MutableDirectBuffer buffer, int offset, int version, int senderId, int receiverId, byte[] clusterNameUtf8) {
        buffer.putInt(offset + VERSION_OFFSET, version, ORDER);
        buffer.putInt(offset + SENDER_ID_OFFSET, senderId, ORDER);
        buffer.putInt(offset + RECEIVER_ID_OFFSET, receiverId, ORDER);
        buffer.putShort(offset + CLUSTER_NAME_LENGTH_OFFSET, (short) clusterNameUtf8.length, ORDER);
        buffer.putShort(offset + AUTH_LENGTH_OFFSET, (short) 0, ORDER);
        buffer.putBytes(offset + CLUSTER_NAME_OFFSET, clusterNameUtf8);
        return offset + CLUSTER_NAME_OFFSET + clusterNameUtf8.length;
    }

    /** Records the number of auth bytes written after the cluster name. */
    public static void authLength(MutableDirectBuffer buffer, int offset, int authLength) {
        buffer.putShort(offset + AUTH_LENGTH_OFFSET, (short) authLength, ORDER);
    }

    /** Returns null if the lengths inside a HELLO of {@code length} bytes are consistent, else the reason. */
    public static String layoutError(DirectBuffer buffer, int offset, int length) {
        if (length < CLUSTER_NAME_OFFSET) {
            return "HELLO of " + length + " bytes is shorter than its fixed fields";
        }
        int expected = CLUSTER_NAME_OFFSET + clusterNameLength(buffer, offset) + authLength(buffer, offset);
        if (expected != length) {
            return "HELLO lengths add up to " + expected + " bytes, frame has " + length;
        }
        return null;
    }

    public static int version(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + VERSION_OFFSET, ORDER);
    }

    public static int senderId(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + SENDER_ID_OFFSET, ORDER);
    }

    public static int receiverId(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + RECEIVER_ID_OFFSET, ORDER);
    }

    public static int clusterNameLength(DirectBuffer buffer, int offset) {
        return buffer.getShort(offset + CLUSTER_NAME_LENGTH_OFFSET, ORDER) & 0xFFFF;
    }

    public static int authLength(DirectBuffer buffer, int offset) {
        return buffer.getShort(offset + AUTH_LENGTH_OFFSET, ORDER) & 0xFFFF;
    }

    public static String clusterName(DirectBuffer buffer, int offset) {
        byte[] utf8 = new byte[clusterNameLength(buffer, offset)];
        buffer.getBytes(offset + CLUSTER_NAME_OFFSET, utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    public static int authOffset(DirectBuffer buffer, int offset) {
        return offset + CLUSTER_NAME_OFFSET + clusterNameLength(buffer, offset);
    }
}
