package dev.coord.disk;

import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.CreateMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * WriteUntilStopped is the child process of {@link FsyncErrorProcessTest}: a peer on the data directory
 * given as its first argument that creates /n0, /n1, ... and prints {@code ACKED <path>} after each
 * acknowledged create, until a create fails; then it prints {@code FAILED <code> <message>} and exits
 * with status 3. Standalone, or with {@code <peerId> <port of peer 1> <port of peer 2> ...} after the
 * directory, a member of that loopback ensemble (configured as {@link #member} does).
 */
public final class WriteUntilStopped {
    static final String ACKED = "ACKED ";
    static final String FAILED = "FAILED ";

    private WriteUntilStopped() {
    }

    public static void main(String[] args) {
        Coordinator.Builder builder = Coordinator.builder().dataDir(Path.of(args[0])).logBlockBytes(1 << 20);
        if (args.length > 1) {
            List<Integer> ports = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                ports.add(Integer.parseInt(args[i]));
            }
            member(builder, Integer.parseInt(args[1]), ports);
        }
        Coordinator coord = builder.start();
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

    /** Makes {@code builder} peer {@code id} of the loopback ensemble whose peer i listens on ports[i - 1]. */
    static Coordinator.Builder member(Coordinator.Builder builder, int id, List<Integer> ports) {
        builder.peerId(id).tick(Duration.ofMillis(100)).sessionTimeout(Duration.ofSeconds(4)).initLimitTicks(30)
                .requestTimeout(Duration.ofSeconds(20));
        for (int i = 0; i < ports.size(); i++) {
            builder.member(i + 1, "127.0.0.1", ports.get(i));
        }
        return builder;
    }
}
