package dev.coord.log.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Fsync makes directory entries (new, renamed or deleted files) durable. */
public final class Fsync {
    private Fsync() {
    }

    /** Forces the directory itself, so that a rename or a new file in it survives a crash. */
    public static void directory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
