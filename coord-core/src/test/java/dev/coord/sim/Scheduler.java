package dev.coord.sim;

import dev.coord.peer.Clock;
import java.util.PriorityQueue;

/**
 * Scheduler is the simulation's virtual time: a queue of events ordered by time, then by the order
 * they were scheduled, run one at a time on the one simulation thread. It is also the {@link Clock}
 * every simulated peer reads, so time only moves when the scheduler moves it.
 */
final class Scheduler implements Clock {
    /** Wall time at virtual time zero: znode mtimes and TTLs read it (2026-01-01T00:00:00Z). */
    static final long WALL_EPOCH_MS = 1_767_225_600_000L;

    private record Event(long timeNs, long seq, Runnable action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.timeNs != b.timeNs
            ? Long.compare(a.timeNs, b.timeNs) : Long.compare(a.seq, b.seq));
    private long nowNs;
    private long seq;
    private long executed;

    /** Runs {@code action} at {@code timeNs} (now, if that is in the past). */
    void at(long timeNs, Runnable action) {
        queue.add(new Event(Math.max(timeNs, nowNs), seq++, action));
    }

    void after(long delayNs, Runnable action) {
        at(nowNs + delayNs, action);
    }

    /** Runs events until the queue is empty or the next one is after {@code untilNs}; time ends at {@code untilNs}. */
    void runUntil(long untilNs) {
        while (!queue.isEmpty() && queue.peek().timeNs <= untilNs) {
            Event e = queue.poll();
            nowNs = e.timeNs;
            executed++;
            e.action.run();
        }
        nowNs = Math.max(nowNs, untilNs);
    }

    long nowNs() {
        return nowNs;
    }

    long nowMs() {
        return nowNs / 1_000_000;
    }

    long eventsRun() {
        return executed;
    }

    @Override
    public long wallMs() {
        return WALL_EPOCH_MS + nowNs / 1_000_000;
    }

    @Override
    public long nanoTime() {
        return nowNs;
    }
}
