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
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * OutboundBuffer is the bounded queue of encoded frames waiting to be written to one peer's connection.
 *
 * <p>Frames are encoded (header, payload copy, CRC32C) as they are appended; a flush writes every queued
 * frame with one {@code write} call. The buffer starts small and grows as needed, never beyond the
 * configured bound: an append that would exceed it is refused, which is the transport's backpressure.
 *
 * <p>Threading: confined to the thread that polls the transport.
 */
final class OutboundBuffer {
    static final int INITIAL_CAPACITY_BYTES = 64 * 1024;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final CRC32C checksum = new CRC32C();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final int limitBytes;
    private ByteBuffer buffer;
    private ByteBuffer checksumView;
    // Invariant: 0 <= readIndex <= writeIndex <= buffer.capacity() <= limitBytes;
    // [readIndex, writeIndex) holds whole frames not yet written (the first may be partly written).
    private int readIndex;
    private int writeIndex;

    OutboundBuffer(int limitBytes) {
        this.limitBytes = limitBytes;
        allocate(Math.min(INITIAL_CAPACITY_BYTES, limitBytes));
    }

    /** Encodes and queues one frame; returns false, queuing nothing, when it would exceed the bound. */
    boolean append(byte type, DirectBuffer source, int offset, int length) {
        int frameLength = HEADER_LENGTH + length;
        if ((long) queuedBytes() + frameLength > limitBytes) {
            return false;
        }
        if (writeIndex + frameLength > buffer.capacity()) {
            makeRoom(frameLength);
        }
        int at = writeIndex;
        view.putInt(at + LENGTH_OFFSET, length, ORDER);
        view.putByte(at + TYPE_OFFSET, type);
        view.putByte(at + FLAGS_OFFSET, (byte) 0);
        view.putShort(at + RESERVED_OFFSET, (short) 0, ORDER);
        if (length > 0) {
            view.putBytes(at + HEADER_LENGTH, source, offset, length);
        }
        checksumView.clear();
        checksumView.position(at + CHECKSUMMED_OFFSET).limit(at + frameLength);
        checksum.reset();
        checksum.update(checksumView);
        view.putInt(at + CHECKSUM_OFFSET, (int) checksum.getValue(), ORDER);
        writeIndex += frameLength;
        return true;
    }

    /**
     * Writes as much of the queue as the channel takes in one call.
     *
     * @return the bytes written
     */
    int flushTo(WritableByteChannel channel) throws IOException {
        if (readIndex == writeIndex) {
            return 0;
        }
        buffer.limit(writeIndex).position(readIndex);
        int written = channel.write(buffer);
        readIndex += written;
        if (readIndex == writeIndex) {
            readIndex = 0;
            writeIndex = 0;
        }
        return written;
    }

    int queuedBytes() {
        return writeIndex - readIndex;
    }

    boolean isEmpty() {
        return readIndex == writeIndex;
    }

    int limitBytes() {
        return limitBytes;
    }

    int capacity() {
        return buffer.capacity();
    }

    /** Drops everything queued (the connection it was meant for is gone). */
    void clear() {
        readIndex = 0;
        writeIndex = 0;
    }

    private void makeRoom(int frameLength) {
        int queued = queuedBytes();
        if (readIndex > 0) {
            view.putBytes(0, view, readIndex, queued);
            readIndex = 0;
            writeIndex = queued;
        }
        if (writeIndex + frameLength > buffer.capacity()) {
            int capacity = (int) Math.min(limitBytes, Math.max((long) buffer.capacity() * 2, queued + frameLength));
            UnsafeBuffer old = new UnsafeBuffer(buffer);
            allocate(capacity);
            view.putBytes(0, old, 0, queued);
        }
    }

    private void allocate(int capacity) {
        buffer = ByteBuffer.allocateDirect(capacity);
        checksumView = buffer.duplicate();
        view.wrap(buffer);
    }
}
