package dev.coord.log.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * PurgeMark records, durably, the zxid up to which the log has been purged, so that recovery knows
 * whether the log still reaches back to a snapshot. It is written (temp file, force, rename, fsync of
 * the directory) before the log is purged. A mark file that fails its checksum is reported, never
 * guessed at.
 *
 * <pre>
 *  zxid (64) | crc32c of zxid (64)     big-endian
 * </pre>
 */
public final class PurgeMark {
    private final Path file;
    private long zxid;

    private PurgeMark(Path file, long zxid) {
        this.file = file;
        this.zxid = zxid;
    }

    /** A mark kept only in memory (for in-memory peers). */
    public static PurgeMark inMemory() {
        return new PurgeMark(null, 0);
    }

    /** The mark of the data directory {@code dir}, read from its file if present. */
    public static PurgeMark in(Path dir) {
        Path file = dir.resolve("purged");
        if (!Files.exists(file)) {
            return new PurgeMark(file, 0);
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
            if (buffer.remaining() != 16) {
                throw new IllegalStateException("purge mark " + file + " has " + buffer.remaining() + " bytes, expected 16");
            }
            long zxid = buffer.getLong();
            if (buffer.getLong() != crc(zxid)) {
                throw new IllegalStateException("purge mark " + file + " fails its checksum");
            }
            return new PurgeMark(file, zxid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read purge mark " + file, e);
        }
    }

    /** The zxid up to which the log was purged, or 0. */
    public long get() {
        return zxid;
    }

    /** Durably records that the log is about to be purged up to {@code newZxid}. */
    public void set(long newZxid) {
        if (file != null) {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            ByteBuffer buffer = ByteBuffer.allocate(16).putLong(newZxid).putLong(crc(newZxid)).flip();
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Fsync.directory(file.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write purge mark " + file, e);
            }
        }
        zxid = newZxid;
    }

    private static long crc(long value) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(value).flip());
        return crc.getValue();
    }
}
