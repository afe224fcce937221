package dev.coord.log.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DiskSpace tells a write that failed for lack of space from other I/O failures, and measures the
 * space left. A full file system shows up in two ways: an {@link IOException} ("No space left on
 * device", ENOSPC) from a plain write, and an {@link InternalError} from a write into a memory-mapped
 * file (Chronicle Queue's), where the kernel's SIGBUS for a page it cannot allocate becomes "a fault
 * occurred in a recent unsafe memory access operation". The latter carries no reason, so it counts as
 * lack of space only when the file system is indeed (nearly) full. Stateless; any thread.
 */
public final class DiskSpace {
    /** Below this many usable bytes a failed mapped write is taken for a full file system. */
    static final long NEARLY_FULL_BYTES = 1L << 20;

    /** A peer whose disk filled up tries writing again once this many bytes are usable. */
    public static final long RESUME_FREE_BYTES = 2L << 20;

    private DiskSpace() {
    }

    /**
     * True if {@code failure} (or a cause of it) says that the file system of {@code dir} is full.
     */
    public static boolean isNoSpace(Throwable failure, Path dir) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
            if (t instanceof InternalError && usableBytes(dir) < NEARLY_FULL_BYTES) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The bytes an unprivileged writer may still use on the file system of {@code dir} (0 if unknown). */
    public static long usableBytes(Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return 0;
        }
        try {
            return Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }
}
