package dev.coord.log.chronicle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * FileSync forces a file's content, or a directory's entries, to the storage device: the fsync that
 * makes a newly created or renamed file survive a machine crash.
 *
 * <p>Stateless; safe on any thread.
 */
final class FileSync {
    private FileSync() {
    }

    /** Forces the content and metadata of {@code file}. */
    static void forceFile(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fsync " + file, e);
        }
    }

    /** Forces the entries of {@code directory}, so files created or renamed in it survive a crash. */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fsync directory " + directory, e);
        }
    }
}
