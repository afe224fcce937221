package dev.coord.bench;

import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.CreateMode;
import dev.coord.Durability;
import dev.coord.Status;
import dev.coord.recipes.election.LeaderElection;
import dev.coord.recipes.election.LeadershipListener;
import dev.coord.recipes.election.LossReason;
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
 * {@code ready} on stdout. It then reads commands from stdin, one per line:
 * <ul>
 * <li>{@code status} prints one line {@code status <role> leader=<id> epoch=<e> zxid=<hex>};
 * <li>{@code locks <path> <sessions> <seconds>} runs a {@link LockLoop} on this peer and prints its
 *     {@link LockLoop.Result#toLine() result line} ({@code locks failed <reason>} if it failed);
 * <li>{@code elect <path> <participant>} joins a {@link LeaderElection} with the default session,
 *     prints {@code joined}, and later {@code leading <token>} whenever it gains leadership;
 * <li>the {@link Compare} workloads, run by the application embedded here with the default session
 *     (see {@link CompareCommands}): {@code prepare}, {@code writes <seconds> <warmup>}, {@code reads <seconds> <warmup>},
 *     {@code firstwrite <parent>}, {@code ephemeral <path>}, {@code closeephemeral},
 *     {@code watchgone <path>}, {@code populate <count> <batch>}, {@code updates <count> <nodes>},
 *     {@code mkdir <path>}, {@code check <path>}.
 * </ul>
 * When stdin closes it closes the peer cleanly and exits. Logs go to stderr.
 *
 * <p>Usage: {@code BenchPeer --id N --member ID=HOST:PORT ... --dir D [--durability FSYNC|NONE]
 * [--session-timeout-ms MS] [--ephemerals PARENT COUNT] [--snapshot-every TXNS]}
 */
public final class BenchPeer {
    private BenchPeer() {
    }

    public static void main(String[] args) throws IOException {
        Coordinator.Builder builder = Coordinator.builder();
        Duration sessionTimeout = Duration.ofSeconds(10);
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
                case "--session-timeout-ms" -> {
                    sessionTimeout = Duration.ofMillis(Long.parseLong(args[++i]));
                    builder.sessionTimeout(sessionTimeout);
                }
                case "--snapshot-every" -> builder.snapshotEveryTxns(Integer.parseInt(args[++i]));
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
            serveCommands(coord, sessionTimeout);
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

    private static void serveCommands(Coordinator coord, Duration sessionTimeout) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        CompareCommands compare = new CompareCommands(coord, sessionTimeout, BenchPeer::reply);
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            switch (words[0]) {
                case "status" -> {
                    Status s = coord.status();
                    reply(String.format("status %s leader=%d epoch=%d zxid=%x", s.role(), s.leaderId(), s.epoch(), s.lastZxid()));
                }
                case "locks" -> {
                    try {
                        reply(LockLoop.run(coord, words[1], Integer.parseInt(words[2]), Double.parseDouble(words[3]),
                                sessionTimeout).toLine());
                    } catch (RuntimeException | InterruptedException e) {
                        e.printStackTrace();
                        reply("locks failed " + e);
                    }
                }
                case "elect" -> {
                    // Left open: it ends with this peer (killed, or closed with its session).
                    LeaderElection election = new LeaderElection(coord, words[1], words[2], null, new LeadershipListener() {
                        @Override
                        public void leadershipGained(long fencingToken) {
                            reply("leading " + fencingToken);
                        }

                        @Override
                        public void leadershipLost(LossReason reason) {
                            reply("lost " + reason);
                        }
                    });
                    election.start();
                    reply("joined");
                }
                default -> {
                    if (!compare.handle(words)) {
                        reply("unknown command " + line);
                    }
                }
            }
        }
    }

    private static synchronized void reply(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
