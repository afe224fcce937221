package dev.coord.disk;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tmpfs is a small tmpfs mounted for one test, to fill a real file system: {@code mount -t tmpfs -o
 * size=N tmpfs DIR}. It needs root; {@link #mount} skips the test (a JUnit assumption, with the reason)
 * otherwise. {@link #close()} unmounts it, lazily ({@code umount -l}) if a mapping still holds it, and
 * must run in a finally block or {@code @AfterEach} so that no mount outlives the test.
 */
public final class Tmpfs extends TestFileSystem {
    private boolean mounted;

    private Tmpfs(Path dir) {
        super(dir);
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int rc = run("mount", "-t", "tmpfs", "-o", "size=" + sizeKiB + "k", "tmpfs", dir.toString());
        assumeTrue(rc == 0, "mount -t tmpfs failed (exit " + rc + "): needs root and CAP_SYS_ADMIN");
        tmpfs.mounted = true;
        return tmpfs;
    }

    @Override
    public void close() {
        if (!mounted) {
            return;
        }
        unmount(dir());
        mounted = false;
    }

    @Override
    public String toString() {
        return "tmpfs at " + dir();
    }
}
