package dev.coord.examples.recipes;

import dev.coord.Coordinator;
import dev.coord.Session;
import dev.coord.SessionState;
import dev.coord.recipes.locks.FencedResource;
import dev.coord.recipes.locks.Grant;
import dev.coord.recipes.locks.Hold;
import dev.coord.recipes.locks.Lock;
import dev.coord.recipes.locks.LockListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * LockExample: a lock around a shared resource, with fencing tokens. Three workers (each with a session
 * of its own) take turns writing to a storage that admits a write only if its token is at least the
 * highest it has seen. Then the classic failure: worker-1 holds the lock and pauses (a long GC, say)
 * past its session timeout; the lock passes to worker-2, which writes; worker-1 wakes up believing it
 * still holds the lock and writes with its old token: the storage refuses it.
 */
public final class LockExample {
    private static final Duration PAUSABLE_SESSION_TIMEOUT = Duration.ofSeconds(2);
    private static final int ROUNDS = 3;

    private LockExample() {
    }

    /** Storage is the shared resource: it keeps the writes it admitted and refuses stale tokens. */
    static final class Storage {
        private final FencedResource fence = new FencedResource();
        private final List<String> accepted = new ArrayList<>();
        private int refused;

        synchronized boolean write(String record, long token, ExampleRun out) {
            if (!fence.admit(token)) {
                refused++;
                out.say("storage REFUSED '" + record + "': token " + ExampleRun.hex(token) + " < highest seen "
                        + ExampleRun.hex(fence.highest()));
                return false;
            }
            accepted.add(record);
            out.say("storage accepted '" + record + "' with token " + ExampleRun.hex(token));
            return true;
        }
    }

    public static void main(String[] args) {
        ExampleRun.main("lock", args, LockExample::run);
    }

    private static void run(Coordinator coord, String base, ExampleRun out) throws Exception {
        String path = base + "/storage-lock";
        Storage storage = new Storage();
        List<Session> sessions = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int w = 1; w <= 3; w++) {
            Session session = coord.openSession(Duration.ofSeconds(10));
            sessions.add(session);
            String name = "worker-" + w;
            Thread t = new Thread(() -> {
                try (Lock lock = new Lock(session, path)) {
                    for (int round = 1; round <= ROUNDS; round++) {
                        try (Grant grant = lock.lock()) {
                            storage.write(name + " round " + round, grant.fencingToken(), out);
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, name);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join(ExampleRun.TIME_LIMIT.toMillis());
        }
        ExampleRun.check(failures.isEmpty(), "a worker failed: " + failures);
        ExampleRun.check(storage.accepted.size() == 3 * ROUNDS && storage.refused == 0,
                "expected " + 3 * ROUNDS + " admitted writes, got " + storage.accepted.size() + " and " + storage.refused + " refused");
        out.say(storage.accepted.size() + " writes under the lock, one holder at a time, tokens increasing");

        out.say("now worker-1 takes the lock and pauses longer than its session timeout ("
                + PAUSABLE_SESSION_TIMEOUT.toMillis() + " ms)");
        Heartbeat worker1 = Heartbeat.open(coord, PAUSABLE_SESSION_TIMEOUT);
        CountDownLatch worker1Lost = new CountDownLatch(1);
        try (Lock lock1 = new Lock(worker1.session(), path); Lock lock2 = new Lock(sessions.get(1), path)) {
            lock1.addListener(new LockListener() {
                @Override
                public void lockLost(Hold hold, SessionState cause) {
                    out.say("worker-1's lock listener: the lock is lost (" + cause + ")");
                    worker1Lost.countDown();
                }
            });
            Grant stale = lock1.lock();
            out.say("worker-1 holds the lock with token " + ExampleRun.hex(stale.fencingToken()) + ", then freezes");
            worker1.stop();
            try (Grant grant = lock2.lock()) {
                out.say("worker-2 got the lock after worker-1's session expired, token " + ExampleRun.hex(grant.fencingToken()));
                ExampleRun.check(storage.write("worker-2 after the pause", grant.fencingToken(), out), "worker-2's write was refused");
            }
            out.say("worker-1 wakes up, still believing it holds the lock, and writes");
            ExampleRun.check(!storage.write("worker-1 after the pause", stale.fencingToken(), out),
                    "the stale write was admitted");
            ExampleRun.await("worker-1 to learn it lost the lock", Duration.ofSeconds(10), () -> worker1Lost.getCount() == 0);
            stale.close();
        } finally {
            worker1.close();
            sessions.forEach(Session::close);
        }
        out.say("summary: " + storage.accepted.size() + " writes admitted, " + storage.refused
                + " stale write refused by its fencing token");
    }
}
