package dev.coord.log.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * DirectoryLock is the exclusive hold one owner (a peer on its data directory, an open log on its
 * directory) has on a directory: an operating-system file lock
 * on a lock file, taken without waiting, so a second open of the same directory, in this process or
 * another, fails at once. The kernel releases it when the process dies, so a crash never leaves it stale.
 *
 * <p>Acquired and released on the log's owning thread.
 */
public final class DirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "LOCK";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code directory} (created if missing); {@code what} names the directory in
     * the error, e.g. "data directory".
     *
     * @throws IllegalStateException naming the directory if another owner holds it
     */
    public static DirectoryLock acquire(Path directory, String what) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + what + " " + directory, e);
        }
        Path file = directory.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open lock file " + file, e);
        }
        FileLock lock = null;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new IllegalStateException(what + " " + directory
                    + " is already open (its lock file " + file + " is held by this or another process)");
        }
        return new DirectoryLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release a directory lock", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The lock was not taken; a failure to close the unlocked channel changes nothing.
        }
    }
}
