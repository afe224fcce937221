package dev.coord.bench;

import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.CreateMode;
import dev.coord.EventType;
import dev.coord.Op;
import dev.coord.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * CompareCommands are the {@link BenchPeer} commands behind {@link Compare}'s Coord side: the
 * application embedded in this peer runs a workload with the peer's default session and prints one
 * reply line (a failure prints {@code <command> failed <exception>} and leaves the peer running).
 *
 * The reply's first word is the command's, also for a failure.
 *
 * <ul>
 * <li>{@code prepare}: creates /bench and its keys ({@link CompareWorkload#prepareKeys}); {@code prepare done};
 * <li>{@code writes <seconds> <warmup>} and {@code reads <seconds> <warmup>}: {@link CompareWorkload}'s figures as one
 *     {@link CompareWorkload#toLine} line tagged {@code writes} or {@code reads};
 * <li>{@code firstwrite <parent>}: creates persistent sequential children of {@code parent} until one
 *     succeeds (at most a minute); {@code firstwrite <nanoTime of the success> <attempts>};
 * <li>{@code ephemeral <path>}: opens a session and creates the ephemeral {@code path} with it;
 *     {@code ephemeral created}. {@code closeephemeral} closes that session; {@code closeephemeral done};
 * <li>{@code watchgone <path>}: sets a watch on the existing {@code path}; {@code watchgone watching}, and
 *     later {@code gone <nanoTime>} when it is deleted;
 * <li>{@code populate <count> <batch>}: creates /mem and {@code count} children of 100 bytes, in
 *     multis of {@code batch} creates, 8 multis in flight; {@code populate <seconds>};
 * <li>{@code updates <count> <nodes>}: {@code count} setData of the first {@code nodes} children of
 *     /mem at 128 in flight; {@code updates <seconds>};
 * <li>{@code mkdir <path>}: creates a persistent node unless it exists; {@code mkdir done};
 * <li>{@code check <path>}: {@code check exists} if the node exists (else a failure).
 * </ul>
 * The nanoTime figures are {@link System#nanoTime()}, which one machine's monotonic clock makes
 * comparable across its JVMs.
 */
final class CompareCommands {
    private static final Duration FIRST_WRITE_DEADLINE = Duration.ofMinutes(1);

    private final Coordinator coord;
    private final Duration sessionTimeout;
    private final Consumer<String> reply;
    private String[] keys;
    private Session ephemeralSession;

    CompareCommands(Coordinator coord, Duration sessionTimeout, Consumer<String> reply) {
        this.coord = coord;
        this.sessionTimeout = sessionTimeout;
        this.reply = reply;
    }

    /** Runs the command in {@code words} if it is one of these; returns whether it was. */
    boolean handle(String[] words) {
        try {
            switch (words[0]) {
                case "prepare" -> {
                    keys = CompareWorkload.prepareKeys(new CoordStore(coord));
                    reply.accept("prepare done");
                }
                case "writes" -> reply.accept(CompareWorkload.toLine("writes",
                        CompareWorkload.writes(new CoordStore(coord), keys(), Double.parseDouble(words[1]), Double.parseDouble(words[2]))));
                case "reads" -> reply.accept(CompareWorkload.toLine("reads",
                        CompareWorkload.reads(new CoordStore(coord), keys(), Double.parseDouble(words[1]), Double.parseDouble(words[2]))));
                case "firstwrite" -> firstWrite(words[1]);
                case "ephemeral" -> {
                    ephemeralSession = coord.openSession(sessionTimeout);
                    ephemeralSession.create(words[1], null, CreateMode.EPHEMERAL);
                    reply.accept("ephemeral created");
                }
                case "closeephemeral" -> {
                    ephemeralSession.close();
                    ephemeralSession = null;
                    reply.accept("closeephemeral done");
                }
                case "watchgone" -> watchGone(words[1]);
                case "mkdir" -> {
                    try {
                        coord.create(words[1], null, CreateMode.PERSISTENT);
                    } catch (CoordException.NodeExistsException e) {
                        // made before
                    }
                    reply.accept("mkdir done");
                }
                case "check" -> {
                    if (coord.exists(words[1]) == null) {
                        throw new IllegalStateException("no node " + words[1]);
                    }
                    reply.accept("check exists");
                }
                case "populate" -> populate(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
                case "updates" -> updates(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
                default -> {
                    return false;
                }
            }
        } catch (RuntimeException | InterruptedException e) {
            e.printStackTrace();
            reply.accept(words[0] + " failed " + e);
        }
        return true;
    }

    private String[] keys() {
        if (keys == null) {
            throw new IllegalStateException("no keys: send prepare first");
        }
        return keys;
    }

    private void firstWrite(String parent) {
        long deadline = System.nanoTime() + FIRST_WRITE_DEADLINE.toNanos();
        for (int attempts = 1; ; attempts++) {
            try {
                coord.create(parent + "/w-", null, CreateMode.PERSISTENT_SEQUENTIAL);
                reply.accept("firstwrite " + System.nanoTime() + " " + attempts);
                return;
            } catch (CoordException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private void watchGone(String path) {
        AtomicReference<Boolean> told = new AtomicReference<>(false);
        if (coord.exists(path, event -> {
            if (event.type() == EventType.NODE_DELETED && told.compareAndSet(false, true)) {
                reply.accept("gone " + System.nanoTime());
            }
        }) == null) {
            throw new IllegalStateException("no node " + path + " to watch");
        }
        reply.accept("watchgone watching");
    }

    private void populate(int count, int batch) throws InterruptedException {
        long started = System.nanoTime();
        coord.create("/mem", null, CreateMode.PERSISTENT);
        Semaphore inFlight = new Semaphore(8);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int from = 0; from < count && failure.get() == null; from += batch) {
            List<Op> ops = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + batch); i++) {
                ops.add(Op.create("/mem/n" + i, CompareWorkload.PAYLOAD, CreateMode.PERSISTENT));
            }
            inFlight.acquire();
            coord.multiAsync(ops).whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(8);
        if (failure.get() != null) {
            throw new IllegalStateException("populating /mem failed", failure.get());
        }
        reply.accept(String.format(java.util.Locale.ROOT, "populate %.3f", (System.nanoTime() - started) / 1e9));
    }

    private void updates(int count, int nodes) throws InterruptedException {
        long started = System.nanoTime();
        Semaphore inFlight = new Semaphore(128);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < count && failure.get() == null; i++) {
            inFlight.acquire();
            CompletableFuture<?> f = coord.setDataAsync("/mem/n" + (i % nodes), CompareWorkload.PAYLOAD, -1);
            f.whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(128);
        if (failure.get() != null) {
            throw new IllegalStateException("updating /mem failed", failure.get());
        }
        reply.accept(String.format(java.util.Locale.ROOT, "updates %.3f", (System.nanoTime() - started) / 1e9));
    }
}
