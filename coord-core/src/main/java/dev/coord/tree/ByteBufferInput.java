package dev.coord.tree;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * ByteBufferInput reads a {@link ByteBuffer} (big-endian, from its position to its limit) as a
 * {@link DataInput}: what {@link SnapshotCodec} reads a snapshot through when the whole snapshot is in
 * memory or mapped, without a stream's per-read copies and locks. Reading past the limit throws
 * {@link EOFException}, as a stream would at its end.
 *
 * <p>Not thread-safe; it moves the buffer's position.
 */
final class ByteBufferInput implements DataInput {
    private final ByteBuffer buffer;

    ByteBufferInput(ByteBuffer buffer) {
        this.buffer = buffer.order(java.nio.ByteOrder.BIG_ENDIAN);
    }

    private void need(int n) throws EOFException {
        if (buffer.remaining() < n) {
            throw new EOFException("need " + n + " bytes at offset " + buffer.position() + ", the input ends at " + buffer.limit());
        }
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        need(len);
        buffer.get(b, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int skipped = Math.max(0, Math.min(n, buffer.remaining()));
        buffer.position(buffer.position() + skipped);
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return readByte() != 0;
    }

    @Override
    public byte readByte() throws IOException {
        need(1);
        return buffer.get();
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return readByte() & 0xFF;
    }

    @Override
    public short readShort() throws IOException {
        need(2);
        return buffer.getShort();
    }

    @Override
    public int readUnsignedShort() throws IOException {
        return readShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws IOException {
        need(2);
        return buffer.getChar();
    }

    @Override
    public int readInt() throws IOException {
        need(4);
        return buffer.getInt();
    }

    @Override
    public long readLong() throws IOException {
        need(8);
        return buffer.getLong();
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    /**
     * Reads bytes as Latin-1 characters up to a line end ({@code \n}, {@code \r} or {@code \r\n},
     * not included), as {@link java.io.DataInput#readLine} specifies; null at the end of the input.
     * The snapshot format has no lines: this is for completeness of the DataInput contract.
     */
    @Override
    public String readLine() {
        if (!buffer.hasRemaining()) {
            return null;
        }
        StringBuilder line = new StringBuilder();
        while (buffer.hasRemaining()) {
            char c = (char) (buffer.get() & 0xff);
            if (c == '\n') {
                break;
            }
            if (c == '\r') {
                if (buffer.hasRemaining() && buffer.get(buffer.position()) == '\n') {
                    buffer.get();
                }
                break;
            }
            line.append(c);
        }
        return line.toString();
    }

    @Override
    public String readUTF() throws IOException {
        return DataInputStream.readUTF(this);
    }
}
