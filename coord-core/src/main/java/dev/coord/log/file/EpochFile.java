package dev.coord.log.file;

import dev.coord.log.LogCorruptedException;
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
 * EpochFile durably keeps a peer's ZAB epochs: the accepted epoch, the leader it was accepted from,
 * and the current epoch. Written whole (temp file, force, rename, fsync of the directory); a file
 * of the wrong size or that fails its checksum is reported as a {@link LogCorruptedException} naming
 * it, never guessed at: the epochs cannot be rebuilt from the log (a peer may have accepted an epoch
 * of which it logged nothing), so what a peer does then is its start's decision
 * ({@code dev.coord.peer.DamagedData}).
 *
 * <pre>
 *  acceptedEpoch (64) | acceptedLeader (32) | currentEpoch (64) | crc32c of the 20 bytes before (32)
 * </pre>
 */
public final class EpochFile {
    private static final int BYTES = 24;

    /** Epochs is the content of the file. */
    public record Epochs(long acceptedEpoch, int acceptedLeader, long currentEpoch) {
    }

    private final Path file;

    /** The epoch file of data directory {@code dir}. */
    public EpochFile(Path dir) {
        this.file = dir.resolve("epochs");
    }

    /** The file this reads and writes. */
    public Path file() {
        return file;
    }

    /**
     * The stored epochs, or zeros when the file does not exist yet.
     *
     * @throws LogCorruptedException if the file has the wrong size or fails its checksum; the message
     *         names the file and what is wrong
     * @throws UncheckedIOException if it cannot be read
     */
    public Epochs read() {
        if (!Files.exists(file)) {
            return new Epochs(0, 0, 0);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
            if (b.remaining() != BYTES) {
                throw new LogCorruptedException("epoch file " + file + " has " + b.remaining() + " bytes, expected " + BYTES
                        + ": its accepted and current epochs are lost");
            }
            Epochs e = new Epochs(b.getLong(), b.getInt(), b.getLong());
            int stored = b.getInt();
            if (stored != crc(e)) {
                throw new LogCorruptedException(String.format("epoch file %s fails its checksum (stored %08x, computed %08x):"
                        + " its accepted and current epochs are lost", file, stored, crc(e)));
            }
            return e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read epoch file " + file, e);
        }
    }

    /** Stores the epochs durably before returning. */
    public void write(Epochs e) {
        Path temp = file.resolveSibling("epochs.tmp");
        ByteBuffer b = ByteBuffer.allocate(BYTES).putLong(e.acceptedEpoch()).putInt(e.acceptedLeader())
                .putLong(e.currentEpoch()).putInt(crc(e)).flip();
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Fsync.directory(file.getParent());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write epoch file " + file, ex);
        }
    }

    private static int crc(Epochs e) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(20).putLong(e.acceptedEpoch()).putInt(e.acceptedLeader()).putLong(e.currentEpoch()).flip());
        return (int) crc.getValue();
    }
}
