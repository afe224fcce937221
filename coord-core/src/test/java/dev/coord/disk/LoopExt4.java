package dev.coord.disk;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * LoopExt4 is a small ext4 file system on a loop-mounted image file, mounted for one test: a sparse
 * image beside the mount point (on the real disk), {@code mkfs.ext4 -q -F -m 0 -b 4096} (with its
 * journal, as a real disk has; no blocks reserved for root, so that root meets ENOSPC like anyone), and
 * {@code mount -o loop IMAGE DIR}. Unlike tmpfs, ext4 allocates blocks lazily (delayed allocation) and
 * faults a mapped write into a hole when it cannot reserve a block.
 *
 * <p>It needs root and {@code mkfs.ext4}; {@link #mountAt} skips the test (a JUnit assumption, with the
 * reason) otherwise, or when the mount fails (no loop device, no CAP_SYS_ADMIN). {@link #close()}
 * unmounts it, lazily ({@code umount -l}) if a mapping still holds it (the loop device then detaches by
 * itself once the last mapping goes), and deletes the image; it must run in a finally block or
 * {@code @AfterEach} so that no mount outlives the test.
 */
public final class LoopExt4 extends TestFileSystem {
    /** What the journal (1,024 blocks of 4 KiB on a small file system) and the rest of ext4's metadata take. */
    private static final long OVERHEAD_KIB = 5 << 10;
    /** Below this mkfs.ext4 makes no journal. */
    private static final long MIN_IMAGE_KIB = 8 << 10;

    private final Path image;
    private boolean mounted;

    private LoopExt4(Path dir, Path image) {
        super(dir);
        this.image = image;
    }

    /**
     * Mounts an ext4 file system with at least {@code sizeKiB} KiB usable on {@code dir} (created if
     * missing); its image, larger by the journal and metadata, is {@code dir}'s sibling {@code NAME.ext4.img}.
     */
    public static LoopExt4 mountAt(Path dir, long sizeKiB) {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a loop ext4 image (run as root)");
        assumeTrue(hasTool("mkfs.ext4"), "needs mkfs.ext4 (Debian package e2fsprogs)");
        LoopExt4 ext4 = new LoopExt4(dir, dir.resolveSibling(dir.getFileName() + ".ext4.img"));
        try {
            ext4.create(Math.max(MIN_IMAGE_KIB, sizeKiB + sizeKiB / 16 + OVERHEAD_KIB));
            ext4.mountImage();
            long usableKiB = ext4.usableBytes() >> 10;
            if (usableKiB < sizeKiB) {
                throw new IllegalStateException("the ext4 image " + ext4.image + " has " + usableKiB + " KiB usable, not "
                        + sizeKiB);
            }
            return ext4;
        } catch (RuntimeException | Error e) {
            try {
                ext4.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void create(long imageKiB) {
        try {
            Files.createDirectories(dir());
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(imageKiB << 10);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder output = new StringBuilder();
        int rc = run(output, "mkfs.ext4", "-q", "-F", "-m", "0", "-b", "4096", image.toString());
        if (rc != 0) {
            throw new IllegalStateException("mkfs.ext4 " + image + " failed (exit " + rc + "): " + output);
        }
    }

    private void mountImage() {
        StringBuilder output = new StringBuilder();
        int rc = run(output, "mount", "-t", "ext4", "-o", "loop", image.toString(), dir().toString());
        assumeTrue(rc == 0, () -> "mount -o loop " + image + " failed (exit " + rc + "): needs root, CAP_SYS_ADMIN and a free "
                + "loop device: " + output.toString().strip());
        mounted = true;
    }

    @Override
    public void close() {
        try {
            if (mounted) {
                unmount(dir());
                mounted = false;
            }
        } finally {
            try {
                Files.deleteIfExists(image);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public String toString() {
        return "loop-mounted ext4 at " + dir();
    }
}
