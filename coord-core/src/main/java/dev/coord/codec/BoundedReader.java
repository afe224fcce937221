package dev.coord.codec;

import org.agrona.DirectBuffer;

/**
 * BoundedReader reads little-endian fields from a buffer up to a fixed end, checking every read
 * against that end: it never trusts a length it reads and never allocates more than the remaining
 * bytes could hold. What is malformed is reported by the subclass's own exception.
 *
 * <p>Not thread-safe; one reader decodes one record.
 */
public abstract class BoundedReader {
    protected final DirectBuffer buffer;
    protected final int end;
    private final String unit;
    // Invariant: at <= end.
    protected int at;

    /** A reader of {@code buffer} from {@code at} to {@code end}; {@code unit} names what it reads ("record"). */
    protected BoundedReader(DirectBuffer buffer, int at, int end, String unit) {
        this.buffer = buffer;
        this.at = at;
        this.end = end;
        this.unit = unit;
    }

    /** The exception that reports malformed input. */
    protected abstract RuntimeException malformed(String message);

    public final int remaining() {
        return end - at;
    }

    public final int position() {
        return at;
    }

    protected final void need(int n) {
        if (n < 0 || remaining() < n) {
            throw malformed(unit + " truncated: need " + n + " bytes at " + at + ", " + unit + " ends at " + end);
        }
    }

    public final byte getByte() {
        need(1);
        return buffer.getByte(at++);
    }

    public final int getInt() {
        need(4);
        int v = buffer.getInt(at);
        at += 4;
        return v;
    }

    public final long getLong() {
        need(8);
        long v = buffer.getLong(at);
        at += 8;
        return v;
    }

    /** A byte that must be 0 or 1. */
    public final boolean bool() {
        byte b = getByte();
        if (b != 0 && b != 1) {
            throw malformed("bad boolean " + b);
        }
        return b == 1;
    }

    /** A length (32 bits, not negative) and that many bytes. */
    public final byte[] bytes() {
        int length = getInt();
        if (length < 0) {
            throw malformed("negative byte array length " + length);
        }
        return bytesOf(length);
    }

    /** The next {@code length} bytes. */
    protected final byte[] bytesOf(int length) {
        if (length > remaining()) {
            throw malformed("byte array length " + length + " exceeds the " + remaining() + " bytes remaining");
        }
        byte[] out = new byte[length];
        buffer.getBytes(at, out);
        at += length;
        return out;
    }

    /** A length (32 bits, not negative) and that many bytes of UTF-8. */
    public final String string() {
        int length = getInt();
        if (length < 0) {
            throw malformed("negative string length " + length);
        }
        return stringOf(length);
    }

    /** The next {@code length} bytes as UTF-8. */
    protected final String stringOf(int length) {
        need(length);
        String s = buffer.getStringWithoutLengthUtf8(at, length);
        at += length;
        return s;
    }
}
