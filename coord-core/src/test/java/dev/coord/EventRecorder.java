package dev.coord;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * EventRecorder collects what one session's watchers and session listeners receive, each with a tag
 * naming the watcher or listener and the thread it ran on, so tests can wait for events with a deadline.
 *
 * <p>Thread-safe: watchers and listeners run on the session's dispatcher thread, the test reads on its own.
 */
final class EventRecorder {
    static final Duration DEADLINE = Duration.ofSeconds(10);

    /** Received is one delivery: a watch event ({@code state} null) or a session state ({@code event} null). */
    record Received(String tag, WatchedEvent event, SessionState state, Thread thread) {
        @Override
        public String toString() {
            return tag + ":" + (event != null ? event : state) + "@" + thread.getName();
        }
    }

    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private final List<Received> history = new ArrayList<>();

    /** A new Watcher instance that records its events under {@code tag}. */
    Watcher watcher(String tag) {
        return event -> record(new Received(tag, event, null, Thread.currentThread()));
    }

    /** A new SessionListener that records state changes under {@code tag}. */
    SessionListener listener(String tag) {
        return state -> record(new Received(tag, null, state, Thread.currentThread()));
    }

    private synchronized void record(Received received) {
        history.add(received);
        queue.add(received);
        notifyAll();
    }

    /** The next delivery not yet taken, waiting up to {@link #DEADLINE}; fails the test if none comes. */
    Received next() {
        try {
            Received r = queue.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                fail("nothing delivered within " + DEADLINE + "; delivered so far: " + deliveries());
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next delivery, which must be a watch event (not a session state). */
    Received nextEvent() {
        Received r = next();
        if (r.event() == null) {
            fail("expected a watch event but the session listener got " + r);
        }
        return r;
    }

    /** Deliveries not yet taken by {@link #next()}, without waiting. */
    List<Received> untaken() {
        return List.copyOf(queue);
    }

    /** Every delivery so far, in order of arrival. */
    synchronized List<Received> deliveries() {
        return List.copyOf(history);
    }

    /** Every watch event delivered so far, in order of arrival. */
    synchronized List<Received> events() {
        return history.stream().filter(r -> r.event() != null).toList();
    }

    /** Every session state delivered so far, in order of arrival. */
    synchronized List<Received> states() {
        return history.stream().filter(r -> r.state() != null).toList();
    }

    /** Waits until at least {@code count} watch events were delivered, or {@code deadline} passes. */
    synchronized List<Received> awaitEvents(int count, Duration deadline) {
        long deadlineNs = System.nanoTime() + deadline.toNanos();
        while (events().size() < count) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            if (leftMs <= 0) {
                break;
            }
            waitMs(leftMs);
        }
        return events();
    }

    /** Waits until the session listener saw {@code state}; fails the test if it does not within {@code deadline}. */
    synchronized Received awaitState(SessionState state, Duration deadline) {
        long deadlineNs = System.nanoTime() + deadline.toNanos();
        while (true) {
            for (Received r : states()) {
                if (r.state() == state) {
                    return r;
                }
            }
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            if (leftMs <= 0) {
                fail("session state " + state + " not delivered within " + deadline + "; delivered: " + history);
            }
            waitMs(leftMs);
        }
    }

    private void waitMs(long ms) {
        try {
            wait(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
