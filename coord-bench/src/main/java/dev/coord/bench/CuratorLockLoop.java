package dev.coord.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryOneTime;

/**
 * CuratorLockLoop is the ZooKeeper side of the lock figure, the counterpart of {@link LockLoop}:
 * {@code sessions} Curator clients (each its own ZooKeeper session, all on one server), each on its
 * own thread with its own {@link InterProcessMutex} on one path, acquiring and releasing as fast as
 * they can for a wall-clock duration. It counts cycles and checks mutual exclusion within this JVM.
 */
final class CuratorLockLoop {
    private CuratorLockLoop() {
    }

    /** Result: cycles, elapsed time, and violations of mutual exclusion (must be 0). */
    record Result(long cycles, long elapsedNs, long violations) {
        double perSecond() {
            return cycles / (elapsedNs / 1e9);
        }
    }

    static Result run(String connectString, String path, int sessions, double seconds, int sessionTimeoutMs)
            throws InterruptedException {
        List<CuratorFramework> clients = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                CuratorFramework c = CuratorFrameworkFactory.newClient(connectString, sessionTimeoutMs, 15_000,
                        new RetryOneTime(100));
                clients.add(c);
                c.start();
                if (!c.blockUntilConnected(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Curator client not connected to " + connectString);
                }
            }
            return runOn(clients, path, seconds);
        } finally {
            for (CuratorFramework c : clients) {
                c.close();
            }
        }
    }

    private static Result runOn(List<CuratorFramework> clients, String path, double seconds) throws InterruptedException {
        AtomicInteger holders = new AtomicInteger();
        AtomicLong violations = new AtomicLong();
        AtomicLong cycles = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        long[] endNs = new long[1];
        List<Thread> threads = new ArrayList<>();
        for (CuratorFramework client : clients) {
            Thread t = new Thread(() -> {
                InterProcessMutex mutex = new InterProcessMutex(client, path);
                long n = 0;
                try {
                    start.await();
                    while (System.nanoTime() < endNs[0]) {
                        mutex.acquire();
                        try {
                            if (holders.incrementAndGet() != 1) {
                                violations.incrementAndGet();
                            }
                            holders.decrementAndGet();
                        } finally {
                            mutex.release();
                        }
                        n++;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    cycles.addAndGet(n);
                }
            }, "curator-lock-loop");
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
            throw new IllegalStateException("a Curator lock loop failed", failure.get());
        }
        return new Result(cycles.get(), elapsedNs, violations.get());
    }
}
