package dev.coord.log.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Fsync forces a file's content, or a directory's entries, to the storage device: the fsync that makes
 * a newly created or renamed file survive a machine crash. Stateless; safe on any thread.
 */
public final class Fsync {
    private Fsync() {
    }

    /** Forces the content and metadata of {@code file}. */
    public static void file(Path file) {
        force(file, "cannot fsync ");
    }

    /** Forces the entries of {@code dir}, so files created, renamed or deleted in it survive a crash. */
    public static void directory(Path dir) {
        force(dir, "cannot fsync directory ");
    }

    private static void force(Path path, String failure) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(failure + path, e);
        }
    }
}
