package dev.coord.disk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * TestFileSystem is a small real file system mounted for one test, to fill it up: a {@link Tmpfs} or a
 * {@link LoopExt4}. Mounting needs root; the mount methods skip the test (a JUnit assumption, with the
 * reason) otherwise. {@link #close()} unmounts it and must run in a finally block or {@code @AfterEach}
 * so that no mount outlives the test.
 *
 * <p>A balloon file takes up space that a test frees later, to see a peer resume. Every balloon is
 * written with real bytes and forced, so that its blocks are allocated on any file system (on ext4 an
 * unwritten or unforced file may hold only a reservation, or nothing at all).
 */
public abstract class TestFileSystem implements AutoCloseable {
    private static final int CHUNK_BYTES = 64 << 10;

    /** The kinds a disk-full scenario runs on; {@link #mountAt} gives each at least the usable size asked. */
    public enum Kind {
        TMPFS {
            @Override
            public TestFileSystem mountAt(Path dir, long sizeKiB) {
                return Tmpfs.mountAt(dir, sizeKiB);
            }
        },
        EXT4 {
            @Override
            public TestFileSystem mountAt(Path dir, long sizeKiB) {
                return LoopExt4.mountAt(dir, sizeKiB);
            }
        };

        /** Mounts a file system of this kind with at least {@code sizeKiB} KiB usable on {@code dir} (created if missing). */
        public abstract TestFileSystem mountAt(Path dir, long sizeKiB);
    }

    private final Path dir;

    TestFileSystem(Path dir) {
        this.dir = dir;
    }

    /** The mount point. */
    public final Path dir() {
        return dir;
    }

    /** The bytes still usable on this file system. */
    public final long usableBytes() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fills the file system with {@code balloon} until no space is left; returns the bytes it took. */
    public final long inflate(String balloon) {
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        long written = 0;
        try (FileChannel channel = FileChannel.open(dir.resolve(balloon), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            try {
                while (true) {
                    chunk.clear();
                    written += channel.write(chunk);
                }
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("No space left")) {
                    throw e;
                }
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    /** Writes and forces a balloon file of {@code bytes} bytes. */
    public final void inflate(String balloon, long bytes) {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        try (FileChannel channel = FileChannel.open(dir.resolve(balloon), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long done = 0; done < bytes; ) {
                chunk.clear().limit((int) Math.min(CHUNK_BYTES, bytes - done));
                done += channel.write(chunk);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a balloon file that leaves about {@code freeBytes} usable (a few blocks less, for the
     * balloon's own metadata); returns the balloon's size.
     */
    public final long leaveFree(String balloon, long freeBytes) {
        long bytes = usableBytes() - freeBytes;
        if (bytes <= 0) {
            throw new IllegalStateException("only " + usableBytes() + " bytes usable in " + dir + ", less than the "
                    + freeBytes + " to leave free");
        }
        inflate(balloon, bytes);
        return bytes;
    }

    /** Deletes a balloon file, freeing its space. */
    public final void deflate(String balloon) {
        try {
            Files.deleteIfExists(dir.resolve(balloon));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unmounts the file system, lazily ({@code umount -l}) if a mapping still holds it, and removes what it left. */
    @Override
    public abstract void close();

    /** Unmounts {@code dir}, lazily if it is busy; throws if neither works. */
    static void unmount(Path dir) {
        if (run("umount", dir.toString()) != 0 && run("umount", "-l", dir.toString()) != 0) {
            throw new IllegalStateException("cannot unmount the test file system " + dir);
        }
    }

    /** True if {@code tool} is on the PATH (or in /sbin, /usr/sbin, where root's tools live). */
    static boolean hasTool(String tool) {
        return run("sh", "-c", "PATH=$PATH:/sbin:/usr/sbin command -v " + tool) == 0;
    }

    /** Runs {@code command}, discarding its output; returns its exit status, or -1 if it took over 30 s. */
    static int run(String... command) {
        return run(null, command);
    }

    /** Runs {@code command}; returns its exit status (-1 if it took over 30 s) and, if {@code output} is given, appends its output there. */
    static int run(StringBuilder output, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().merge("PATH", ":/sbin:/usr/sbin", String::concat);
            if (output == null) {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            Process process = builder.start();
            if (output != null) {
                output.append(new String(process.getInputStream().readAllBytes()));
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
