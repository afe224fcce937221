package dev.coord.bench;

import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.CreateMode;
import dev.coord.Durability;
import dev.coord.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * BenchPeer is one replicated Coord peer in a JVM of its own, started and controlled by
 * {@link ReplicatedBenchmark} through its standard streams.
 *
 * <p>It starts the peer, optionally creates ephemerals with its default session, then prints one line
 * {@code ready} on stdout. It then reads commands from stdin, one per line: {@code status} prints one
 * line {@code status <role> leader=<id> epoch=<e> zxid=<hex>}. When stdin closes it closes the peer
 * cleanly and exits. Logs go to stderr.
 *
 * <p>Usage: {@code BenchPeer --id N --member ID=HOST:PORT ... --dir D [--durability FSYNC|NONE]
 * [--session-timeout-ms MS] [--ephemerals PARENT COUNT]}
 */
public final class BenchPeer {
    private BenchPeer() {
    }

    public static void main(String[] args) throws IOException {
        Coordinator.Builder builder = Coordinator.builder();
        String ephemeralParent = null;
        int ephemerals = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--id" -> builder.peerId(Integer.parseInt(args[++i]));
                case "--member" -> {
                    String[] idAndAddress = args[++i].split("=", 2);
                    int colon = idAndAddress[1].lastIndexOf(':');
                    builder.member(Integer.parseInt(idAndAddress[0]), idAndAddress[1].substring(0, colon),
                            Integer.parseInt(idAndAddress[1].substring(colon + 1)));
                }
                case "--dir" -> builder.dataDir(Path.of(args[++i]));
                case "--durability" -> builder.durability(Durability.valueOf(args[++i]));
                case "--session-timeout-ms" -> builder.sessionTimeout(Duration.ofMillis(Long.parseLong(args[++i])));
                case "--ephemerals" -> {
                    ephemeralParent = args[++i];
                    ephemerals = Integer.parseInt(args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Coordinator coord = start(builder);
        try {
            if (ephemeralParent != null) {
                createEphemerals(coord, ephemeralParent, ephemerals);
            }
            System.out.println("ready");
            System.out.flush();
            serveCommands(coord);
        } finally {
            coord.close();
        }
        System.exit(0);
    }

    /**
     * Starts the peer, retrying twice if the default session could not be opened (for example because
     * an election started meanwhile); each failure is logged on stderr as a WARN line.
     */
    private static Coordinator start(Coordinator.Builder builder) {
        for (int attempt = 1; ; attempt++) {
            try {
                return builder.start();
            } catch (CoordException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.err.printf("%s [main] WARN dev.coord.bench.BenchPeer - start failed (%s); retrying%n",
                        java.time.LocalTime.now(), e);
            }
        }
    }

    private static void createEphemerals(Coordinator coord, String parent, int count) {
        try {
            coord.create(parent, null, CreateMode.PERSISTENT);
        } catch (CoordException.NodeExistsException e) {
            // made by an earlier trial
        }
        for (int i = 0; i < count; i++) {
            coord.create(parent + "/e" + i, null, CreateMode.EPHEMERAL);
        }
    }

    private static void serveCommands(Coordinator coord) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("status")) {
                Status s = coord.status();
                System.out.printf("status %s leader=%d epoch=%d zxid=%x%n", s.role(), s.leaderId(), s.epoch(), s.lastZxid());
                System.out.flush();
            }
        }
    }
}
