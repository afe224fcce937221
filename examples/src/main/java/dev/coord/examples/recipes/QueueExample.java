package dev.coord.examples.recipes;

import dev.coord.Coordinator;
import dev.coord.Session;
import dev.coord.recipes.queue.DistributedQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * QueueExample: a work queue. Two producers offer 25 jobs each while three consumers take them (every
 * one with a session of its own); in the end every job was taken exactly once: none lost, none
 * delivered twice.
 */
public final class QueueExample {
    private static final int PRODUCERS = 2;
    private static final int CONSUMERS = 3;
    private static final int JOBS_PER_PRODUCER = 25;

    private QueueExample() {
    }

    public static void main(String[] args) {
        ExampleRun.main("queue", args, QueueExample::run);
    }

    private static void run(Coordinator coord, String base, ExampleRun out) throws Exception {
        String path = base + "/jobs";
        int total = PRODUCERS * JOBS_PER_PRODUCER;
        Map<String, String> takenBy = new ConcurrentHashMap<>();
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        List<Session> sessions = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int c = 1; c <= CONSUMERS; c++) {
            DistributedQueue queue = new DistributedQueue(open(coord, sessions), path);
            String name = "consumer-" + c;
            threads.add(thread(name, failures, () -> {
                while (taken.get() < total) {
                    byte[] job = queue.take(Duration.ofMillis(500));
                    if (job != null) {
                        taken.incrementAndGet();
                        if (takenBy.putIfAbsent(ExampleRun.text(job), name) != null) {
                            duplicates.incrementAndGet();
                        }
                    }
                }
            }));
        }
        out.say(CONSUMERS + " consumers wait for jobs on " + path);
        for (int p = 1; p <= PRODUCERS; p++) {
            DistributedQueue queue = new DistributedQueue(open(coord, sessions), path);
            String name = "producer-" + p;
            threads.add(thread(name, failures, () -> {
                for (int j = 1; j <= JOBS_PER_PRODUCER; j++) {
                    queue.offer(ExampleRun.utf8(name + "/job-" + j));
                }
                out.say(name + " offered " + JOBS_PER_PRODUCER + " jobs");
            }));
        }
        for (Thread t : threads) {
            t.join(ExampleRun.TIME_LIMIT.toMillis());
        }
        sessions.forEach(Session::close);
        ExampleRun.check(failures.isEmpty(), "a producer or consumer failed: " + failures);
        Map<String, Integer> perConsumer = new TreeMap<>();
        takenBy.values().forEach(name -> perConsumer.merge(name, 1, Integer::sum));
        int lost = total - takenBy.size();
        out.say("summary: offered " + total + ", taken " + taken.get() + ", lost " + lost + ", delivered twice "
                + duplicates.get() + "; per consumer " + perConsumer);
        ExampleRun.check(lost == 0 && duplicates.get() == 0 && taken.get() == total, "jobs were lost or delivered twice");
    }

    private static Session open(Coordinator coord, List<Session> sessions) {
        Session session = coord.openSession(Duration.ofSeconds(10));
        sessions.add(session);
        return session;
    }

    /** Work is the body of a producer or consumer thread. */
    private interface Work {
        void run() throws Exception;
    }

    private static Thread thread(String name, List<Throwable> failures, Work work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        }, name);
        t.start();
        return t;
    }
}
