package dev.coord.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * QuorumFloor measures the fastest a durable write replicated to three processes can go on this machine,
 * with no coordination code at all: the floor under a lock cycle of {@code coord-recipes} (one replicated
 * write per cycle) and under any replicated write at one in flight.
 *
 * <p>Three JVMs on loopback TCP (no Nagle): this one is the leader, two children are followers. Each holds
 * a sparse 64 MiB file mapped into memory (as Chronicle Queue's files are) and appends a 200-byte record
 * per write to it, then forces it
 * ({@code FileChannel.force(false)}, an {@code fdatasync}) on the thread that handles the messages, which
 * is the fastest place (no hand-off to a sync thread). One write, at one in flight, is:
 * <ul>
 * <li><b>leader placement</b> (the writer lives in the leader's process): append, send the proposal to
 *     both followers, force, and wait for one follower's ack (the leader and one follower are a quorum of
 *     three); a follower appends, forces and acks;
 * <li><b>follower placement</b> (the writer lives in follower 1's process): follower 1 forwards the record
 *     to the leader, which proceeds as above and, on a quorum, sends a commit to both followers; follower
 *     1's write is done when it holds the commit.
 * </ul>
 * Nothing else runs in these JVMs: no tree, no sessions, no checksums, no framing beyond a fixed header,
 * one thread per process blocking in the kernel while idle. A real peer does more per write, so its
 * figures can approach these and never beat them. With {@code --no-force} the files are not forced: what
 * is left is the network and the processes' wake-ups. With {@code --quorum-of-followers} the leader does not
 * force and a write waits for both followers' acks instead (two of three durable is a quorum too): the
 * leader's force leaves the critical path and the disk sees two forces per write, not three. With
 * {@code --pwrite} the records are written with positional writes instead of through a mapping.
 *
 * <p>Usage: {@code java -cp coord-bench/target/coord-bench.jar dev.coord.bench.QuorumFloor [--seconds S]
 * [--rounds R] [--dir D] [--no-force] [--quorum-of-followers] [--pwrite]}. Prints, per placement, the median over rounds of writes per second
 * and of the p50 and p99 latency.
 */
public final class QuorumFloor {
    private static final int RECORD_BYTES = 200;
    private static final long FILE_BYTES = 64L << 20;
    private static final int HEADER_BYTES = 32;
    /** Message types; every message is a 32-byte header (type, zxid, two longs), PROPOSE and FORWARD add a record. */
    private static final long PROPOSE = 1;
    private static final long ACK = 2;
    private static final long COMMIT = 3;
    private static final long FORWARD = 4;
    private static final long RUN = 5;
    private static final long RESULT = 6;
    private static final long STOP = 7;

    private QuorumFloor() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("follower")) {
            Follower.run(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]), Boolean.parseBoolean(args[4]),
                    Boolean.parseBoolean(args[5]));
            return;
        }
        double seconds = 3;
        int rounds = 5;
        Path dir = Path.of("target", "quorum-floor");
        boolean force = true;
        boolean leaderForces = true;
        boolean mapped = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--no-force" -> force = false;
                case "--quorum-of-followers" -> leaderForces = false;
                case "--pwrite" -> mapped = false;
                default -> {
                    System.err.println("usage: QuorumFloor [--seconds S] [--rounds R] [--dir D] [--no-force] [--quorum-of-followers] [--pwrite]");
                    System.exit(2);
                }
            }
        }
        run(seconds, rounds, dir, force, leaderForces, mapped, System.out);
    }

    /**
     * Measures {@code rounds} rounds (three fresh JVMs each) of {@code seconds} per placement, printing a
     * line per round and the medians to {@code out}, and returns the medians: writes/s, p50 ms and p99 ms
     * of the leader placement, then of the follower placement. The files live in {@code dir} while it runs.
     */
    static double[] run(double seconds, int rounds, Path dir, boolean force, boolean leaderForces, boolean mapped,
            PrintStream out) throws IOException {
        Files.createDirectories(dir);
        out.printf("Quorum floor: 3 JVMs on loopback, %d-byte records %s, %s, %d cores, Java %s; %.1f s per measurement, %d rounds%n",
                RECORD_BYTES, mapped ? "written to a mapped file" : "written with pwrite", !force ? "no force" : leaderForces ? "fdatasync per write on each process, leader and one follower a quorum"
                        : "fdatasync per write on the followers only, both followers a quorum",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds, rounds);
        List<double[]> leader = new ArrayList<>();
        List<double[]> follower = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            try (Leader l = Leader.start(dir, force, leaderForces, mapped)) {
                l.measureOnLeader(seconds / 3);                 // warm-up
                double[] onLeader = l.measureOnLeader(seconds);
                l.measureOnFollower(seconds / 3);
                double[] onFollower = l.measureOnFollower(seconds);
                leader.add(onLeader);
                follower.add(onFollower);
                out.printf("round %d: leader placement %,.0f/s p50 %.3f ms p99 %.3f ms; follower placement %,.0f/s p50 %.3f ms p99 %.3f ms%n",
                        round, onLeader[0], onLeader[1], onLeader[2], onFollower[0], onFollower[1], onFollower[2]);
            }
        }
        print(out, "leader placement", leader);
        print(out, "follower placement", follower);
        return new double[] {median(leader, 0), median(leader, 1), median(leader, 2),
                median(follower, 0), median(follower, 1), median(follower, 2)};
    }

    private static void print(PrintStream out, String name, List<double[]> rounds) {
        out.printf("%-20s writes/s %,8.0f   p50 %.3f ms   p99 %.3f ms   (medians over %d rounds; writes/s %,.0f .. %,.0f)%n", name,
                median(rounds, 0), median(rounds, 1), median(rounds, 2), rounds.size(),
                rounds.stream().mapToDouble(r -> r[0]).min().orElse(0), rounds.stream().mapToDouble(r -> r[0]).max().orElse(0));
    }

    private static double median(List<double[]> rounds, int index) {
        double[] values = rounds.stream().mapToDouble(r -> r[index]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** Writes/s, p50 ms, p99 ms of a histogram of nanoseconds gathered over {@code nanos}. */
    private static double[] figures(Histogram h, long nanos) {
        return new double[] {h.getTotalCount() * 1e9 / nanos, h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6};
    }

    /**
     * LogFile is a sparse file that takes records one after another and forces them: written through a
     * memory mapping (as Chronicle Queue writes), or with positional writes ({@code pwrite}).
     */
    private static final class LogFile implements AutoCloseable {
        private final FileChannel channel;
        private final MappedByteBuffer map;
        private final boolean force;
        private long position;

        LogFile(Path path, boolean force, boolean mapped) throws IOException {
            Files.deleteIfExists(path);
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
            if (mapped) {
                channel.write(ByteBuffer.wrap(new byte[1]), FILE_BYTES - 1);
                channel.force(true);
                map = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_BYTES);
            } else {
                map = null;
            }
            this.force = force;
        }

        void append(ByteBuffer record) throws IOException {
            if (position + RECORD_BYTES > FILE_BYTES) {
                position = 0;
            }
            if (map != null) {
                map.put((int) position, record, record.position(), RECORD_BYTES);
            } else {
                ByteBuffer slice = record.duplicate();
                slice.limit(slice.position() + RECORD_BYTES);
                long at = position;
                while (slice.hasRemaining()) {
                    at += channel.write(slice, at);
                }
            }
            position += RECORD_BYTES;
        }

        void force() throws IOException {
            if (force) {
                channel.force(false);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Leader is this JVM's side: the two follower JVMs, their connections, the log and the quorum rule. */
    private static final class Leader implements AutoCloseable {
        private final List<Process> children = new ArrayList<>();
        private final SocketChannel[] followers = new SocketChannel[2];
        private final Selector selector;
        private final LogFile log;
        private final ByteBuffer out = ByteBuffer.allocateDirect(HEADER_BYTES + RECORD_BYTES);
        private final ByteBuffer in = ByteBuffer.allocateDirect(HEADER_BYTES + RECORD_BYTES);
        private final ByteBuffer record = ByteBuffer.allocateDirect(RECORD_BYTES);
        private final boolean leaderForces;
        private long zxid;

        private Leader(Selector selector, LogFile log, boolean leaderForces) {
            this.selector = selector;
            this.log = log;
            this.leaderForces = leaderForces;
        }

        /** Starts the two follower JVMs and connects them; on any failure stops them again and rethrows. */
        static Leader start(Path dir, boolean force, boolean leaderForces, boolean mapped) throws IOException {
            Leader leader = new Leader(Selector.open(), new LogFile(dir.resolve("leader.log"), force, mapped), leaderForces);
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2);
                int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
                for (int id = 1; id <= 2; id++) {
                    List<String> args = List.of("follower", Integer.toString(port), Integer.toString(id),
                            dir.resolve("follower" + id + ".log").toString(), Boolean.toString(force), Boolean.toString(mapped));
                    leader.children.add(new ProcessBuilder(JavaCommand.of(QuorumFloor.class, List.of("-Xmx256m"), args))
                            .inheritIO().start());
                }
                server.socket().setSoTimeout((int) TimeUnit.SECONDS.toMillis(60));
                for (int i = 0; i < 2; i++) {
                    SocketChannel channel = server.socket().accept().getChannel();
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    ByteBuffer id = ByteBuffer.allocate(4);
                    readFully(channel, id);
                    leader.followers[id.getInt(0) - 1] = channel;
                }
                for (SocketChannel f : leader.followers) {
                    f.configureBlocking(false);
                    f.register(leader.selector, SelectionKey.OP_READ, f);
                }
                return leader;
            } catch (IOException | RuntimeException e) {
                leader.close();
                throw e;
            }
        }

        /** Writes at one in flight from this process for {@code seconds}: append, propose, force, one ack. */
        double[] measureOnLeader(double seconds) throws IOException {
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long now = start;
            while (now < end) {
                long z = ++zxid;
                record.clear();
                record.putLong(0, z);
                replicate(z, record, false);
                long after = System.nanoTime();
                h.recordValue(after - now);
                now = after;
            }
            return figures(h, now - start);
        }

        /** Asks follower 1 to write at one in flight for {@code seconds}, serves its forwards, and returns its figures. */
        double[] measureOnFollower(double seconds) throws IOException {
            send(followers[0], RUN, 0, (long) (seconds * 1e9), 0, null);
            while (true) {
                ByteBuffer m = next();
                long type = m.getLong(0);
                if (type == FORWARD) {
                    long z = ++zxid;
                    record.clear();
                    record.put(0, m, HEADER_BYTES, RECORD_BYTES);
                    replicate(z, record, true);
                } else if (type == RESULT) {
                    return new double[] {Double.longBitsToDouble(m.getLong(8)), Double.longBitsToDouble(m.getLong(16)),
                            Double.longBitsToDouble(m.getLong(24))};
                } else if (type != ACK) {
                    throw new IllegalStateException("unexpected message " + type);
                }
            }
        }

        /**
         * Appends, proposes to both, forces and waits for one ack of {@code z} (or, if the leader does not
         * force, waits for both acks); then commits to both if asked.
         */
        private void replicate(long z, ByteBuffer rec, boolean commit) throws IOException {
            log.append(rec);
            for (SocketChannel f : followers) {
                send(f, PROPOSE, z, 0, 0, rec);
            }
            int acksNeeded = 2;
            if (leaderForces) {
                log.force();
                acksNeeded = 1;
            }
            while (acksNeeded > 0) {
                ByteBuffer m = next();
                if (m.getLong(0) == ACK && m.getLong(8) == z) {
                    acksNeeded--;
                }
            }
            if (commit) {
                for (SocketChannel f : followers) {
                    send(f, COMMIT, z, 0, 0, null);
                }
            }
        }

        /** Blocks in the selector until a follower has sent something, and reads one whole message of it. */
        private ByteBuffer next() throws IOException {
            while (true) {
                selector.select();
                var keys = selector.selectedKeys().iterator();
                if (keys.hasNext()) {
                    SocketChannel from = (SocketChannel) keys.next().attachment();
                    selector.selectedKeys().clear();        // level-triggered: the rest is selected again
                    in.clear().limit(HEADER_BYTES);
                    readFully(from, in);
                    long type = in.getLong(0);
                    if (type == PROPOSE || type == FORWARD) {
                        in.limit(HEADER_BYTES + RECORD_BYTES);
                        readFully(from, in);
                    }
                    return in;
                }
            }
        }

        private void send(SocketChannel to, long type, long z, long a, long b, ByteBuffer rec) throws IOException {
            out.clear();
            out.putLong(type).putLong(z).putLong(a).putLong(b);
            if (rec != null) {
                out.put(out.position(), rec, 0, RECORD_BYTES);
                out.position(out.position() + RECORD_BYTES);
            }
            out.flip();
            while (out.hasRemaining()) {
                to.write(out);
            }
        }

        /** Reads until {@code buffer} is full; on a non-blocking channel it waits only for the rest of a message begun. */
        private static void readFully(SocketChannel from, ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                if (from.read(buffer) < 0) {
                    throw new EOFException("a follower closed its connection");
                }
            }
        }

        /** Tells the followers to stop, waits for their JVMs (killing one that hangs), and deletes the files. */
        @Override
        public void close() throws IOException {
            for (SocketChannel f : followers) {
                if (f != null && f.isOpen()) {
                    try {
                        send(f, STOP, 0, 0, 0, null);
                    } catch (IOException e) {
                        // that follower is gone already; its process is reaped below
                    }
                }
            }
            for (Process p : children) {
                try {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            for (SocketChannel f : followers) {
                if (f != null) {
                    f.close();
                }
            }
            selector.close();
            log.close();
        }
    }

    /** Follower is a child JVM's side: one blocking loop that logs, forces and acks, and drives the writes when asked. */
    private static final class Follower {
        static void run(int leaderPort, int id, Path file, boolean force, boolean mapped) throws IOException {
            try (LogFile log = new LogFile(file, force, mapped); Socket s = new Socket(InetAddress.getLoopbackAddress(), leaderPort)) {
                s.setTcpNoDelay(true);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1024));
                out.writeInt(id);
                out.flush();
                loop(new DataInputStream(new BufferedInputStream(s.getInputStream(), 4096)), out, log);
            }
        }

        private static void loop(DataInputStream in, DataOutputStream out, LogFile log) throws IOException {
            byte[] rec = new byte[RECORD_BYTES];
            ByteBuffer recBuffer = ByteBuffer.wrap(rec);
            Histogram h = null;
            long start = 0;
            long end = 0;
            long sentAt = 0;
            while (true) {
                long type = in.readLong();
                long z = in.readLong();
                long a = in.readLong();
                in.readLong();
                if (type == PROPOSE) {
                    in.readFully(rec);
                    log.append(recBuffer.clear());
                    log.force();
                    write(out, ACK, z, 0, 0, null);
                } else if (type == RUN) {
                    h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
                    start = System.nanoTime();
                    end = start + a;
                    sentAt = start;
                    write(out, FORWARD, 0, 0, 0, rec);
                } else if (type == COMMIT && h != null) {
                    long now = System.nanoTime();
                    h.recordValue(now - sentAt);
                    if (now < end) {
                        sentAt = now;
                        write(out, FORWARD, 0, 0, 0, rec);
                    } else {
                        double[] f = figures(h, now - start);
                        h = null;
                        write(out, RESULT, Double.doubleToLongBits(f[0]), Double.doubleToLongBits(f[1]),
                                Double.doubleToLongBits(f[2]), null);
                    }
                } else if (type == STOP) {
                    return;
                }
            }
        }

        private static void write(DataOutputStream out, long type, long z, long a, long b, byte[] rec) throws IOException {
            out.writeLong(type);
            out.writeLong(z);
            out.writeLong(a);
            out.writeLong(b);
            if (rec != null) {
                out.write(rec);
            }
            out.flush();
        }
    }
}
