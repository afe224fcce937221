package dev.coord.transport;

/**
 * FrameDescriptor is the layout of one frame on a peer-to-peer TCP connection, little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       checksum (CRC32C)                       |
 *  +---------------------------------------------------------------+
 *  |                    payload length (bytes)                     |
 *  +---------------+---------------+-------------------------------+
 *  |   type (8)    |  flags (8) = 0|        reserved (16) = 0      |
 *  +---------------+---------------+-------------------------------+
 *  |                    payload, by type ...                     ...
 *  +---------------------------------------------------------------+
 *
 *  checksum : CRC32C of every byte after it: length, type, flags, reserved and payload
 *  length   : 0 <= length <= maxFrameBytes - HEADER_LENGTH
 *  HELLO     (1): see HelloDescriptor; the first frame each side sends, and only then
 *  MESSAGE   (2): one message of the upper layer, opaque here
 *  HEARTBEAT (3): empty; sent when a connection has been quiet for the heartbeat interval
 *  any other type, a non-zero flags or reserved field, is malformed
 * </pre>
 *
 * <p>A frame that is malformed, longer than the maximum, or fails its checksum closes the connection.
 */
public final class FrameDescriptor {
    public static final int CHECKSUM_OFFSET = 0;
    public static final int LENGTH_OFFSET = 4;
    public static final int TYPE_OFFSET = 8;
    public static final int FLAGS_OFFSET = 9;
    public static final int RESERVED_OFFSET = 10;
    public static final int HEADER_LENGTH = 12;

    /** The checksum covers the frame from here to its end. */
    public static final int CHECKSUMMED_OFFSET = LENGTH_OFFSET;

    public static final byte TYPE_HELLO = 1;
    public static final byte TYPE_MESSAGE = 2;
    public static final byte TYPE_HEARTBEAT = 3;
    /** The dialer's proof of membership, the third leg of an authenticated handshake (see {@link Handshake}). */
    public static final byte TYPE_PROOF = 4;

    private FrameDescriptor() {
    }

    /** Returns whether {@code type} is a frame type this version understands. */
    public static boolean isKnownType(int type) {
        return type == TYPE_HELLO || type == TYPE_MESSAGE || type == TYPE_HEARTBEAT || type == TYPE_PROOF;
    }

    /** Returns the bytes a frame with a payload of {@code payloadLength} occupies on the wire. */
    public static int frameLength(int payloadLength) {
        return HEADER_LENGTH + payloadLength;
    }
}
