package dev.coord;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * CrashWriter is the child process of {@link CrashRecoveryTest}: it writes to a durable Coordinator as
 * fast as it can (creates of /crash/n-*, and setData of /crash/counter), and appends a line to the
 * acknowledgement file only after a write's future completed. It runs until it is killed.
 *
 * <p>Arguments: data directory, acknowledgement file, first sequence number.
 */
public final class CrashWriter {
    private static final int IN_FLIGHT = 16;

    private CrashWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(args[0]);
        long next = Long.parseLong(args[2]);
        try (OutputStream acks = new FileOutputStream(args[1], true);
             Coordinator coord = Coordinator.builder().dataDir(dataDir).logBlockBytes(1 << 20)
                     .snapshotEveryTxns(3000).snapshotsRetained(2).start()) {
            if (coord.exists("/crash") == null) {
                coord.create("/crash", null, CreateMode.PERSISTENT);
                coord.create("/crash/counter", bytes(0), CreateMode.PERSISTENT);
            }
            // A run killed with this ephemeral must not leave it behind: the next run closes the
            // sessions of the previous one before anything else, so this create never finds it.
            coord.create("/crash/eph", null, CreateMode.EPHEMERAL);
            System.out.println("ready");
            System.out.flush();
            ArrayDeque<Ack> inFlight = new ArrayDeque<>();
            while (true) {
                long n = next++;
                CompletableFuture<?> f = n % 4 == 0
                        ? coord.setDataAsync("/crash/counter", bytes(n), -1)
                        : coord.createAsync("/crash/n-" + n, bytes(n), CreateMode.PERSISTENT, 0);
                inFlight.add(new Ack(n, f));
                while (inFlight.size() >= IN_FLIGHT || (!inFlight.isEmpty() && inFlight.peek().future.isDone())) {
                    Ack done = inFlight.poll();
                    done.future.join();
                    acks.write(((done.n % 4 == 0 ? "counter " : "node ") + done.n + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    static byte[] bytes(long n) {
        return Long.toString(n).getBytes(StandardCharsets.UTF_8);
    }

    private record Ack(long n, CompletableFuture<?> future) {
    }
}
