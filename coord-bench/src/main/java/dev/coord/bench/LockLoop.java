package dev.coord.bench;

import dev.coord.Coordinator;
import dev.coord.Session;
import dev.coord.recipes.locks.Grant;
import dev.coord.recipes.locks.Lock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * LockLoop is one peer's share of a lock benchmark: {@code sessions} sessions of one peer, each on its
 * own thread with its own {@link Lock} on one path, acquiring and releasing as fast as they can for a
 * wall-clock duration. It counts cycles, records each {@code lock()} call's latency, and checks mutual
 * exclusion within this JVM (a holder count that must never exceed one) and fencing tokens that must
 * only grow from one grant to the next within a session.
 *
 * <p>Used by {@link LockBenchmark} in the embedded peer and by {@link BenchPeer} in the children.
 */
final class LockLoop {
    private LockLoop() {
    }

    /** Result is what one run of the loop measured; {@code violations} must be 0. */
    record Result(long cycles, long elapsedNs, Histogram acquireNs, long violations) {
        double perSecond() {
            return cycles / (elapsedNs / 1e9);
        }

        /** One line for a child's stdout: {@code locks <cycles> <elapsedNs> <p50Ns> <p99Ns> <violations>}. */
        String toLine() {
            return String.format("locks %d %d %d %d %d", cycles, elapsedNs, acquireNs.getValueAtPercentile(50),
                    acquireNs.getValueAtPercentile(99), violations);
        }
    }

    /**
     * Opens {@code sessions} sessions on {@code coord} (timeout {@code sessionTimeout}), runs them
     * against the lock at {@code path} for {@code seconds}, closes them and returns the totals.
     */
    static Result run(Coordinator coord, String path, int sessions, double seconds, Duration sessionTimeout)
            throws InterruptedException {
        List<Session> opened = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                opened.add(coord.openSession(sessionTimeout));
            }
            return runOn(opened, path, seconds);
        } finally {
            for (Session s : opened) {
                s.close();
            }
        }
    }

    private static Result runOn(List<Session> sessions, String path, double seconds) throws InterruptedException {
        AtomicInteger holders = new AtomicInteger();
        AtomicLong violations = new AtomicLong();
        AtomicLong cycles = new AtomicLong();
        Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long[] endNs = new long[1];
        for (Session session : sessions) {
            Thread t = new Thread(() -> {
                Histogram mine = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
                long n = 0;
                long lastToken = -1;
                Lock lock = new Lock(session, path);
                try {
                    start.await();
                    while (System.nanoTime() < endNs[0]) {
                        long t0 = System.nanoTime();
                        try (Grant grant = lock.lock()) {
                            mine.recordValue(System.nanoTime() - t0);
                            if (holders.incrementAndGet() != 1) {
                                violations.incrementAndGet();
                            }
                            if (grant.fencingToken() <= lastToken) {
                                violations.incrementAndGet();
                            }
                            lastToken = grant.fencingToken();
                            holders.decrementAndGet();
                        }
                        n++;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    lock.close();
                    cycles.addAndGet(n);
                    synchronized (all) {
                        all.add(mine);
                    }
                }
            }, "lock-loop-" + Long.toHexString(session.sessionId()));
            threads.add(t);
            t.start();
        }
        long startNs = System.nanoTime();
        endNs[0] = startNs + (long) (seconds * 1e9);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long elapsedNs = System.nanoTime() - startNs;
        if (failure.get() != null) {
            throw new IllegalStateException("a lock loop failed", failure.get());
        }
        return new Result(cycles.get(), elapsedNs, all, violations.get());
    }
}
