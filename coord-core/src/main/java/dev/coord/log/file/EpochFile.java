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
 * EpochFile durably keeps a peer's ZAB epochs: the accepted epoch, the leader it was accepted from,
 * and the current epoch. Written whole (temp file, force, rename, fsync of the directory); a file
 * that fails its checksum is reported, never guessed at.
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

    /** The stored epochs, or zeros when the file does not exist yet. */
    public Epochs read() {
        if (!Files.exists(file)) {
            return new Epochs(0, 0, 0);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
            if (b.remaining() != BYTES) {
                throw new IllegalStateException("epoch file " + file + " has " + b.remaining() + " bytes, expected " + BYTES);
            }
            Epochs e = new Epochs(b.getLong(), b.getInt(), b.getLong());
            if (b.getInt() != crc(e)) {
                throw new IllegalStateException("epoch file " + file + " fails its checksum; restore it or wipe this peer's data directory to resync it");
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
