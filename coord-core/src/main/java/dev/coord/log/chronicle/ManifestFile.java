package dev.coord.log.chronicle;

import dev.coord.log.file.Fsync;
import dev.coord.log.LogCorruptedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * ManifestFile is where a log directory keeps its {@link Manifest}: replaced atomically (write a temp
 * file, force it, rename it over the old one, fsync the directory), so a crash leaves either the old
 * manifest or the new one, never a mix.
 *
 * <p>Called only on the log's owning thread.
 */
final class ManifestFile {
    static final String FILE_NAME = "manifest";
    static final String TEMP_FILE_NAME = "manifest.tmp";

    private final Path file;
    private final Path tempFile;
    private final Path directory;
    private final boolean fsync;

    ManifestFile(Path directory, boolean fsync) {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.tempFile = directory.resolve(TEMP_FILE_NAME);
        this.fsync = fsync;
    }

    Path path() {
        return file;
    }

    /**
     * Reads the manifest, or returns empty when there is none; deletes a temp file left by a crash.
     *
     * @throws LogCorruptedException naming the file if it is not a valid manifest
     */
    Optional<Manifest> read() {
        try {
            Files.deleteIfExists(tempFile);
            return Optional.of(Manifest.decode(Files.readAllBytes(file), file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read transaction log manifest " + file, e);
        }
    }

    /** Replaces the manifest with {@code manifest}; durable on return when fsync is on. */
    void write(Manifest manifest) {
        ByteBuffer bytes = ByteBuffer.wrap(manifest.encode());
        try (FileChannel channel = FileChannel.open(tempFile, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (fsync) {
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write transaction log manifest " + tempFile, e);
        }
        try {
            Files.move(tempFile, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + tempFile + " to " + file, e);
        }
        if (fsync) {
            Fsync.directory(directory);
        }
    }
}
