package dev.coord.transport;

import static dev.coord.transport.FrameDescriptor.CHECKSUMMED_OFFSET;
import static dev.coord.transport.FrameDescriptor.CHECKSUM_OFFSET;
import static dev.coord.transport.FrameDescriptor.FLAGS_OFFSET;
import static dev.coord.transport.FrameDescriptor.HEADER_LENGTH;
import static dev.coord.transport.FrameDescriptor.LENGTH_OFFSET;
import static dev.coord.transport.FrameDescriptor.RESERVED_OFFSET;
import static dev.coord.transport.FrameDescriptor.TYPE_OFFSET;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * FrameReader is the receive side of one connection: it buffers bytes read from a channel and cuts them
 * into whole, checked frames (see {@link FrameDescriptor}).
 *
 * <p>The buffer starts small and grows, up to one maximum frame, only when a frame that large is on its
 * way; frames are handed out in place, valid until the next {@link #readFrom} call.
 *
 * <p>Threading: confined to the thread that polls the transport.
 */
final class FrameReader {
    static final int NEED_MORE = 0;
    static final int FRAME = 1;
    static final int INVALID = 2;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final CRC32C checksum = new CRC32C();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private ByteBuffer buffer;
    private ByteBuffer checksumView;
    // Invariant: 0 <= readIndex <= buffer.position(); [readIndex, position) are received, not yet cut.
    private int readIndex;
    private int maxFrameBytes;

    private int frameType;
    private int payloadOffset;
    private int payloadLength;
    private String invalidReason;

    FrameReader(int initialCapacityBytes, int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
        allocate(Math.min(initialCapacityBytes, maxFrameBytes));
    }

    /** Changes the largest frame accepted from now on (raised once a handshake completes). */
    void maxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Ensures room for at least {@code capacityBytes} (bounded by the maximum frame) for efficient reads. */
    void ensureCapacity(int capacityBytes) {
        int target = Math.min(capacityBytes, maxFrameBytes);
        if (target > buffer.capacity()) {
            grow(target);
        }
    }

    /**
     * Reads what the channel has, as far as the buffer has room for the frame in progress.
     *
     * @return bytes read, 0 when nothing was available, -1 at end of stream
     */
    int readFrom(ReadableByteChannel channel) throws IOException {
        makeRoom();
        if (!buffer.hasRemaining()) {
            return 0;
        }
        return channel.read(buffer);
    }

    /**
     * Cuts the next frame. On {@link #FRAME} the type and payload are available until the next read; on
     * {@link #INVALID} the reason is, and the connection must be closed.
     */
    int next() {
        int available = buffer.position() - readIndex;
        if (available < HEADER_LENGTH) {
            return NEED_MORE;
        }
        int length = view.getInt(readIndex + LENGTH_OFFSET, ORDER);
        if (length < 0 || length > maxFrameBytes - HEADER_LENGTH) {
            return invalid("frame length " + Integer.toUnsignedString(length) + " exceeds the maximum of "
                + (maxFrameBytes - HEADER_LENGTH) + " bytes");
        }
        if (available < HEADER_LENGTH + length) {
            return NEED_MORE;
        }
        if (computeChecksum(readIndex, HEADER_LENGTH + length) != view.getInt(readIndex + CHECKSUM_OFFSET, ORDER)) {
            return invalid("bad checksum");
        }
        int type = view.getByte(readIndex + TYPE_OFFSET) & 0xFF;
        if (!FrameDescriptor.isKnownType(type)) {
            return invalid("unknown frame type " + type);
        }
        if (view.getByte(readIndex + FLAGS_OFFSET) != 0 || view.getShort(readIndex + RESERVED_OFFSET) != 0) {
            return invalid("non-zero flags or reserved field");
        }
        frameType = type;
        payloadOffset = readIndex + HEADER_LENGTH;
        payloadLength = length;
        readIndex += HEADER_LENGTH + length;
        return FRAME;
    }

    /** Returns whether {@link #next} would return something other than {@link #NEED_MORE} without reading. */
    boolean hasBufferedFrame() {
        int available = buffer.position() - readIndex;
        if (available < HEADER_LENGTH) {
            return false;
        }
        int length = view.getInt(readIndex + LENGTH_OFFSET, ORDER);
        return length < 0 || length > maxFrameBytes - HEADER_LENGTH || available >= HEADER_LENGTH + length;
    }

    int frameType() {
        return frameType;
    }

    DirectBuffer buffer() {
        return view;
    }

    int payloadOffset() {
        return payloadOffset;
    }

    int payloadLength() {
        return payloadLength;
    }

    String invalidReason() {
        return invalidReason;
    }

    int capacity() {
        return buffer.capacity();
    }

    private int invalid(String reason) {
        invalidReason = reason;
        return INVALID;
    }

    private int computeChecksum(int frameOffset, int frameLength) {
        checksumView.clear();
        checksumView.position(frameOffset + CHECKSUMMED_OFFSET).limit(frameOffset + frameLength);
        checksum.reset();
        checksum.update(checksumView);
        return (int) checksum.getValue();
    }

    /** Compacts or grows so the frame in progress fits and a read is worth making. */
    private void makeRoom() {
        if (readIndex == buffer.position()) {
            buffer.clear();
            readIndex = 0;
            return;
        }
        int needed = pendingFrameBytes();
        if (needed > buffer.capacity()) {
            grow(needed);
        } else if (readIndex > 0
            && (readIndex + needed > buffer.capacity() || buffer.remaining() < buffer.capacity() / 8)) {
            compact();
        }
    }

    /** Bytes the frame at readIndex occupies, or one header when its length is unknown or invalid. */
    private int pendingFrameBytes() {
        if (buffer.position() - readIndex < HEADER_LENGTH) {
            return HEADER_LENGTH;
        }
        int length = view.getInt(readIndex + LENGTH_OFFSET, ORDER);
        if (length < 0 || length > maxFrameBytes - HEADER_LENGTH) {
            return HEADER_LENGTH;
        }
        return HEADER_LENGTH + length;
    }

    private void compact() {
        int unread = buffer.position() - readIndex;
        view.putBytes(0, view, readIndex, unread);
        buffer.clear().position(unread);
        readIndex = 0;
    }

    private void grow(int neededBytes) {
        int capacity = (int) Math.min(maxFrameBytes, Math.max((long) buffer.capacity() * 2, neededBytes));
        ByteBuffer old = buffer;
        int unread = old.position() - readIndex;
        UnsafeBuffer oldView = new UnsafeBuffer(old);
        allocate(capacity);
        view.putBytes(0, oldView, readIndex, unread);
        buffer.position(unread);
        readIndex = 0;
    }

    private void allocate(int capacity) {
        buffer = ByteBuffer.allocateDirect(Math.max(capacity, HEADER_LENGTH));
        checksumView = buffer.duplicate();
        view.wrap(buffer);
    }
}
