package dev.coord.examples.recipes;

import dev.coord.Coordinator;
import dev.coord.Session;
import dev.coord.recipes.barrier.Barrier;
import dev.coord.recipes.barrier.DoubleBarrier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * BarrierExample: a barrier, then a double barrier. First a coordinator sets a barrier and three
 * workers (each with a session of its own) wait at it; none passes until the coordinator removes it.
 * Then the three workers meet at a double barrier: they arrive at different times, none starts
 * computing before all three have entered, and none leaves before all three have finished.
 */
public final class BarrierExample {
    private static final int WORKERS = 3;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private BarrierExample() {
    }

    public static void main(String[] args) {
        ExampleRun.main("barrier", args, BarrierExample::run);
    }

    private static void run(Coordinator coord, String base, ExampleRun out) throws Exception {
        List<Session> sessions = new ArrayList<>();
        try {
            for (int w = 1; w <= WORKERS; w++) {
                sessions.add(coord.openSession(Duration.ofSeconds(10)));
            }
            barrier(coord, base + "/deploy", sessions, out);
            doubleBarrier(base + "/round-1", sessions, out);
        } finally {
            sessions.forEach(Session::close);
        }
    }

    private static void barrier(Coordinator coord, String path, List<Session> sessions, ExampleRun out) throws Exception {
        Barrier gate = new Barrier(coord, path);
        gate.set();
        out.say("coordinator set the barrier " + path);
        CountDownLatch waiting = new CountDownLatch(WORKERS);
        AtomicInteger passed = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 1; w <= WORKERS; w++) {
            Barrier mine = new Barrier(sessions.get(w - 1), path);
            String name = "worker-" + w;
            workers.add(start(name, () -> {
                out.say(name + " waits at the barrier");
                waiting.countDown();
                ExampleRun.check(mine.await(WAIT), name + " was not let through");
                passed.incrementAndGet();
                out.say(name + " passed the barrier");
            }));
        }
        ExampleRun.check(waiting.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS), "workers did not start");
        ExampleRun.check(passed.get() == 0 && gate.isSet(), "a worker passed a set barrier");
        out.say("coordinator removes the barrier");
        gate.remove();
        join(workers);
        ExampleRun.check(passed.get() == WORKERS, passed.get() + " of " + WORKERS + " workers passed");
        out.say("all " + WORKERS + " workers passed");
    }

    private static void doubleBarrier(String path, List<Session> sessions, ExampleRun out) throws Exception {
        AtomicInteger entering = new AtomicInteger();
        AtomicInteger leaving = new AtomicInteger();
        List<String> violations = new ArrayList<>();
        List<Thread> members = new ArrayList<>();
        for (int w = 1; w <= WORKERS; w++) {
            DoubleBarrier round = new DoubleBarrier(sessions.get(w - 1), path, "worker-" + w, WORKERS);
            String name = "worker-" + w;
            long arriveAfterMs = 300L * (w - 1);
            long computeMs = 100L * (WORKERS - w + 1);
            members.add(start(name, () -> {
                Thread.sleep(arriveAfterMs);                   // workers arrive one after another
                out.say(name + " enters the double barrier");
                entering.incrementAndGet();
                ExampleRun.check(round.enter(WAIT), name + " could not enter");
                if (entering.get() < WORKERS) {
                    record(violations, name + " started before every worker entered");
                }
                out.say(name + " computes for " + computeMs + " ms");
                Thread.sleep(computeMs);                       // the work of the round
                leaving.incrementAndGet();
                out.say(name + " leaves");
                ExampleRun.check(round.leave(WAIT), name + " could not leave");
                if (leaving.get() < WORKERS) {
                    record(violations, name + " left before every worker finished");
                }
                out.say(name + " is out");
            }));
        }
        join(members);
        ExampleRun.check(violations.isEmpty(), String.join("; ", violations));
        out.say("double barrier: all " + WORKERS + " started together and finished together");
    }

    private static void record(List<String> violations, String violation) {
        synchronized (violations) {
            violations.add(violation);
        }
    }

    /** Step is a worker's body. */
    private interface Step {
        void run() throws Exception;
    }

    private static final List<Throwable> FAILURES = new ArrayList<>();

    private static Thread start(String name, Step step) {
        Thread t = new Thread(() -> {
            try {
                step.run();
            } catch (Throwable e) {
                synchronized (FAILURES) {
                    FAILURES.add(e);
                }
            }
        }, name);
        t.start();
        return t;
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(WAIT.toMillis());
        }
        synchronized (FAILURES) {
            ExampleRun.check(FAILURES.isEmpty(), "a worker failed: " + FAILURES);
        }
    }
}
