package dev.coord.log.chronicle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.agrona.ExpandableArrayBuffer;

/**
 * HiddenRecords looks at the raw bytes of a cycle file past the last excerpt Chronicle could read, for
 * valid records that a damaged excerpt header hides from it. Chronicle stops reading at a header
 * marked as still being written, or at one it cannot parse, as it would at the end of the data, so
 * without this check such damage in the open segment reads as a shorter log and the records after it
 * would be dropped silently.
 *
 * <p>Two valid records past the readable end prove damage: Chronicle completes an excerpt's header
 * before it starts the next excerpt, so the header before the second one was once complete. One valid
 * record alone is not proof: a write torn by a crash can leave a whole record body under a header not
 * yet marked complete, and such a record was never acknowledged (acknowledgement waits for a force,
 * which covers the header). Records are found by their own length and CRC32C
 * ({@link LogRecordDescriptor}), at any offset, each right after a 4-byte excerpt header.
 *
 * <p>The scan stops at a run of {@link #ZERO_RUN_BYTES} zero bytes: Chronicle writes a cycle file
 * front to back, so nothing it wrote lies past such a run.
 *
 * <p>Called at recovery, on the thread opening the log.
 */
final class HiddenRecords {
    /** Length of a run of zeros past which nothing was written. */
    static final int ZERO_RUN_BYTES = 1 << 20;
    private static final int CHUNK_BYTES = 1 << 16;
    private static final int EXCERPT_HEADER_BYTES = 4;
    private static final int LENGTH_MASK = 0x3FFF_FFFF;

    private HiddenRecords() {
    }

    /**
     * The offsets in {@code file}, from {@code from}, of the first two valid records (each offset is
     * that of its excerpt header), or fewer if there are not two; scans up to {@code size} bytes.
     */
    static long[] find(Path file, long from, long size) {
        if (!Files.isRegularFile(file) || from >= size) {
            return new long[0];
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return scan(channel, from, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cycle file " + file, e);
        }
    }

    private static long[] scan(FileChannel channel, long start, long size) throws IOException {
        CRC32C crc = new CRC32C();
        ExpandableArrayBuffer record = new ExpandableArrayBuffer(256);
        Window window = new Window(channel);
        long[] found = new long[2];
        int count = 0;
        long zeroRun = 0;
        long at = start;
        while (at + EXCERPT_HEADER_BYTES + LogRecordDescriptor.HEADER_LENGTH <= size && zeroRun < ZERO_RUN_BYTES) {
            int header = window.intAt(at);
            zeroRun = header == 0 ? zeroRun + 1 : 0;
            int length = header & LENGTH_MASK;
            long body = at + EXCERPT_HEADER_BYTES;
            if (length >= LogRecordDescriptor.HEADER_LENGTH && body + length <= size
                    && window.intAt(body + LogRecordDescriptor.PAYLOAD_LENGTH_OFFSET) == length - LogRecordDescriptor.HEADER_LENGTH
                    && isValid(channel, crc, record, body, length)) {
                found[count++] = at;
                if (count == 2) {
                    return found;
                }
                at = body + length;
                continue;
            }
            at++;
        }
        return java.util.Arrays.copyOf(found, count);
    }

    private static boolean isValid(FileChannel channel, CRC32C crc, ExpandableArrayBuffer record, long body, int length)
            throws IOException {
        record.checkLimit(length);
        ByteBuffer bytes = ByteBuffer.wrap(record.byteArray(), 0, length);
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, body + bytes.position()) < 0) {
                return false;
            }
        }
        return LogRecordDescriptor.check(crc, record, length) == LogRecordDescriptor.Check.VALID;
    }

    /** Window is a buffered view of the file that moves forward as the scan reads ints. */
    private static final class Window {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(LogRecordDescriptor.BYTE_ORDER);
        private long start = Long.MIN_VALUE;

        Window(FileChannel channel) {
            this.channel = channel;
        }

        /** The little-endian int at file offset {@code at}; 0 past the end of the file. */
        int intAt(long at) throws IOException {
            if (at < start || at + Integer.BYTES > start + buffer.limit()) {
                buffer.clear();
                while (buffer.hasRemaining() && channel.read(buffer, at + buffer.position()) >= 0) {
                    // fills the window, or stops at the end of the file
                }
                buffer.flip();
                start = at;
                if (buffer.limit() < Integer.BYTES) {
                    return 0;
                }
            }
            return buffer.getInt((int) (at - start));
        }
    }
}
