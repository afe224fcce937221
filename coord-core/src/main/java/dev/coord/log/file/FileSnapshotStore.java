package dev.coord.log.file;

import dev.coord.log.LogCorruptedException;
import dev.coord.log.NoSpaceException;
import dev.coord.log.SnapshotStore;
import dev.coord.tree.DataTree;
import dev.coord.tree.SnapshotCodec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * FileSnapshotStore keeps each snapshot in its own file, {@code snapshot.<zxid as 16 hex digits>},
 * written to a temporary file, forced, renamed into place and made durable with an fsync of the
 * directory, so a snapshot file is either whole or absent. Each file ends with a trailer that holds
 * the CRC32C and length of everything before it; {@link #load} checks both before decoding.
 *
 * <pre>
 *  body (SnapshotCodec) | crc32c of body (64, low 32 bits used) | body length (64) | "SNAPCRC." (64)
 * </pre>
 *
 * <p>A save that fails deletes its temporary file, so the previous snapshots stay as they were; when the
 * file system is full it throws {@link NoSpaceException} and may be tried again later.
 *
 * <p>{@link #save} runs on the snapshot thread; the other methods on the agent thread.
 */
public final class FileSnapshotStore implements SnapshotStore {
    private static final String PREFIX = "snapshot.";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final long TRAILER_MAGIC = 0x534E41504352432EL; // "SNAPCRC."
    private static final int TRAILER_BYTES = 24;
    /** The largest body {@link #load} maps (one mapping is at most 2 GiB); a larger one is streamed. */
    static final long MAX_MAPPED_BYTES = Integer.MAX_VALUE;

    private final Path dir;
    private final long maxMappedBytes;

    /** A store in {@code dir} (created if missing); leftover temporary files are deleted. */
    public FileSnapshotStore(Path dir) {
        this(dir, MAX_MAPPED_BYTES);
    }

    /** A store that maps bodies of at most {@code maxMappedBytes} when it loads (tests: 0 streams every one). */
    FileSnapshotStore(Path dir, long maxMappedBytes) {
        this.dir = dir;
        this.maxMappedBytes = Math.min(maxMappedBytes, MAX_MAPPED_BYTES);
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (p.getFileName().toString().endsWith(TEMP_SUFFIX)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open snapshot directory " + dir, e);
        }
    }

    /** The file that holds the snapshot at {@code zxid}. */
    public Path file(long zxid) {
        return dir.resolve(PREFIX + String.format("%016x", zxid));
    }

    @Override
    public void save(DataTree tree) {
        Path target = file(tree.lastZxid());
        Path temp = dir.resolve(target.getFileName() + TEMP_SUFFIX);
        try {
            writeAndForce(tree, temp);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp);
            if (DiskSpace.isNoSpace(e, dir)) {
                throw new NoSpaceException(dir.toString(), e);
            }
            throw e;
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Fsync.directory(dir);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot install snapshot " + target, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Left for the next start, which deletes temporary files.
        }
    }

    /** Writes the snapshot and its trailer to {@code temp} and forces it. */
    private static void writeAndForce(DataTree tree, Path temp) {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            CRC32C crc = new CRC32C();
            CountingOutputStream counting = new CountingOutputStream(Channels.newOutputStream(channel));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(counting, crc), 1 << 16));
            SnapshotCodec.write(tree, out);
            out.flush();
            long bodyBytes = counting.count;
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
            trailer.putLong(crc.getValue()).putLong(bodyBytes).putLong(TRAILER_MAGIC).flip();
            while (trailer.hasRemaining()) {
                channel.write(trailer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + temp, e);
        }
    }

    @Override
    public List<Long> zxids() {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(PREFIX) && name.length() == PREFIX.length() + 16) {
                    try {
                        out.add(Long.parseUnsignedLong(name.substring(PREFIX.length()), 16));
                    } catch (NumberFormatException ignored) {
                        // Not one of ours: ignore it.
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list snapshot directory " + dir, e);
        }
        out.sort((a, b) -> Long.compareUnsigned(b, a));
        return out;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A snapshot of up to {@link #MAX_MAPPED_BYTES} is mapped and both checked and decoded in place
     * (one pass of the page cache each, no copies through a stream); a larger one is read as a stream.
     * NB: a mapped file cut short by another process while it is read faults; the JVM reports that as
     * an {@link InternalError}, which is taken for a damaged snapshot too.
     */
    @Override
    public DataTree load(long zxid) {
        Path file = file(zxid);
        try {
            DataTree tree;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                long storedCrc = checkTrailer(channel, size);
                long bodyBytes = size - TRAILER_BYTES;
                if (bodyBytes <= maxMappedBytes) {
                    tree = loadMapped(channel, bodyBytes, storedCrc);
                } else {
                    tree = loadStreamed(file, bodyBytes, storedCrc);
                }
            }
            if (tree.lastZxid() != zxid) {
                throw new IOException("holds zxid 0x" + Long.toHexString(tree.lastZxid()) + ", its name says 0x" + Long.toHexString(zxid));
            }
            return tree;
        } catch (IOException | RuntimeException | InternalError e) {
            throw new LogCorruptedException("snapshot file " + file + " is unusable: " + e.getMessage(), e);
        }
    }

    private static DataTree loadMapped(FileChannel channel, long bodyBytes, long storedCrc) throws IOException {
        // The mapping ends when the buffer is collected; the file may be deleted meanwhile (Linux keeps it).
        ByteBuffer body = channel.map(FileChannel.MapMode.READ_ONLY, 0, bodyBytes);
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        if (crc.getValue() != storedCrc) {
            throw new IOException("checksum mismatch");
        }
        return SnapshotCodec.read(body);
    }

    private static DataTree loadStreamed(Path file, long bodyBytes, long storedCrc) throws IOException {
        CRC32C crc = new CRC32C();
        try (InputStream in = new CheckedInputStream(new LimitedInputStream(Files.newInputStream(file), bodyBytes), crc)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        if (crc.getValue() != storedCrc) {
            throw new IOException("checksum mismatch");
        }
        try (InputStream raw = Files.newInputStream(file)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(new LimitedInputStream(raw, bodyBytes), 1 << 16));
            return SnapshotCodec.read(in);
        }
    }

    /** Checks the trailer of a file of {@code size} bytes; returns the CRC32C it holds for the body. */
    private static long checkTrailer(FileChannel channel, long size) throws IOException {
        if (size < TRAILER_BYTES) {
            throw new IOException("file of " + size + " bytes is too short");
        }
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
        while (trailer.hasRemaining()) {
            if (channel.read(trailer, size - TRAILER_BYTES + trailer.position()) < 0) {
                throw new IOException("file ends inside its trailer");
            }
        }
        trailer.flip();
        long storedCrc = trailer.getLong();
        long bodyBytes = trailer.getLong();
        if (trailer.getLong() != TRAILER_MAGIC || bodyBytes != size - TRAILER_BYTES) {
            throw new IOException("trailer missing or torn");
        }
        return storedCrc;
    }

    @Override
    public void delete(long zxid) {
        try {
            Files.deleteIfExists(file(zxid));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete snapshot " + file(zxid), e);
        }
    }

    /** CountingOutputStream counts the bytes written through it. */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** LimitedInputStream reads at most a given number of bytes. */
    private static final class LimitedInputStream extends java.io.FilterInputStream {
        private long remaining;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
