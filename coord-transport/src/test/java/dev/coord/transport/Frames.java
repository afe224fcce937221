package dev.coord.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Frames encodes frames and HELLO payloads to raw bytes, for tests that play a misbehaving remote.
 *
 * <p>Threading: stateless; any thread.
 */
final class Frames {
    private Frames() {
    }

    /** Returns one frame of {@code type} around {@code payload}, encoded as the transport would. */
    static byte[] frame(byte type, byte[] payload) {
        OutboundBuffer buffer = new OutboundBuffer(FrameDescriptor.HEADER_LENGTH + payload.length + 64);
        buffer.append(type, new UnsafeBuffer(payload), 0, payload.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            buffer.flushTo(Channels.newChannel(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Returns a HELLO payload with the given fields and no auth bytes. */
    static byte[] hello(int version, int senderId, int receiverId, String clusterName) {
        byte[] name = clusterName.getBytes(StandardCharsets.UTF_8);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[HelloDescriptor.CLUSTER_NAME_OFFSET + name.length]);
        HelloDescriptor.encodeHead(buffer, 0, version, senderId, receiverId, name);
        return buffer.byteArray();
    }

    /** Returns a HELLO frame of the current protocol version in the test cluster. */
    static byte[] helloFrame(int senderId, int receiverId) {
        return frame(FrameDescriptor.TYPE_HELLO,
            hello(HelloDescriptor.PROTOCOL_VERSION, senderId, receiverId, TestPeers.CLUSTER));
    }

    /** Returns a frame header claiming {@code length} payload bytes, with no payload. */
    static byte[] headerOnly(int length) {
        ByteBuffer header = ByteBuffer.allocate(FrameDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(FrameDescriptor.CHECKSUM_OFFSET, 0);
        header.putInt(FrameDescriptor.LENGTH_OFFSET, length);
        header.put(FrameDescriptor.TYPE_OFFSET, FrameDescriptor.TYPE_MESSAGE);
        return header.array();
    }

    /** Returns a copy of {@code frame} with one payload (or header) byte flipped after the checksum. */
    static byte[] corrupted(byte[] frame) {
        byte[] copy = frame.clone();
        copy[copy.length - 1] ^= 0x5A;
        return copy;
    }

    /** Returns a payload of {@code length} bytes starting with a little-endian sequence number. */
    static UnsafeBuffer sequenced(long sequence, int length) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[Math.max(8, length)]);
        buffer.putLong(0, sequence, ByteOrder.LITTLE_ENDIAN);
        return buffer;
    }
}
