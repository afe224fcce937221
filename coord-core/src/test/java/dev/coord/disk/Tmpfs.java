package dev.coord.disk;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Tmpfs is a small tmpfs mounted for one test, to fill a real file system: {@code mount -t tmpfs -o
 * size=N tmpfs DIR}. It needs root; {@link #mount} skips the test (a JUnit assumption, with the reason)
 * otherwise. {@link #close()} unmounts it, lazily ({@code umount -l}) if a mapping still holds it, and
 * must run in a finally block or {@code @AfterEach} so that no mount outlives the test.
 *
 * <p>A balloon file takes up space that a test frees later, to see a peer resume.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;
    private boolean mounted;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code sizeKiB} KiB on a new directory under {@code parent}. */
    public static Tmpfs mount(Path parent, long sizeKiB) {
        return mountAt(parent.resolve("tmpfs"), sizeKiB);
    }

    /** Mounts a tmpfs of {@code sizeKiB} KiB on {@code dir} (created if missing). */
    public static Tmpfs mountAt(Path dir, long sizeKiB) {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a tmpfs (run as root)");
        Tmpfs tmpfs = new Tmpfs(dir);
        try {
            Files.createDirectories(dir);
            int rc = run("mount", "-t", "tmpfs", "-o", "size=" + sizeKiB + "k", "tmpfs", dir.toString());
            assumeTrue(rc == 0, "mount -t tmpfs failed (exit " + rc + "): needs root and CAP_SYS_ADMIN");
            tmpfs.mounted = true;
            return tmpfs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mount point. */
    public Path dir() {
        return dir;
    }

    /** Fills the file system with {@code balloon} until no space is left; returns the bytes it took. */
    public long inflate(String balloon) {
        Path file = dir.resolve(balloon);
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        long written = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (true) {
                chunk.clear();
                written += channel.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw new UncheckedIOException(e);
            }
        }
        return written;
    }

    /** Writes a balloon file of {@code bytes} bytes. */
    public void inflate(String balloon, long bytes) {
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        try (FileChannel channel = FileChannel.open(dir.resolve(balloon), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long done = 0; done < bytes; done += 4096) {
                chunk.clear();
                channel.write(chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a balloon file, freeing its space. */
    public void deflate(String balloon) {
        try {
            Files.deleteIfExists(dir.resolve(balloon));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (!mounted) {
            return;
        }
        try {
            if (run("umount", dir.toString()) != 0 && run("umount", "-l", dir.toString()) != 0) {
                throw new IllegalStateException("cannot unmount the test tmpfs " + dir);
            }
            mounted = false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }
}
