package dev.coord.disk;

import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.CreateMode;
import java.nio.file.Path;

/**
 * WriteUntilStopped is the child process of {@link FsyncErrorProcessTest}: a standalone peer on the
 * data directory given as its argument that creates /n0, /n1, ... and prints {@code ACKED <path>} after
 * each acknowledged create, until a create fails; then it prints {@code FAILED <code> <message>} and
 * exits with status 3.
 */
public final class WriteUntilStopped {
    static final String ACKED = "ACKED ";
    static final String FAILED = "FAILED ";

    private WriteUntilStopped() {
    }

    public static void main(String[] args) {
        Coordinator coord = Coordinator.builder().dataDir(Path.of(args[0])).logBlockBytes(1 << 20).start();
        byte[] data = new byte[100];
        for (int i = 0; i < 1_000_000; i++) {
            try {
                String path = coord.create("/n" + i, data, CreateMode.PERSISTENT);
                System.out.println(ACKED + path);
            } catch (CoordException e) {
                System.out.println(FAILED + e.code() + " " + e.getMessage());
                System.out.flush();
                System.exit(3);
            }
        }
        System.exit(0);
    }
}
