package dev.coord.examples;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * HistoryRecorder collects the {@link Entry} values of every client of a run, timed by one clock,
 * {@link System#nanoTime()}.
 *
 * <p>An operation is recorded in two steps: {@link #invoke()} right before its command is sent, which
 * gives it its id and invoke time, and one of the {@code complete} methods once its outcome is known.
 * Ids are handed out in invocation order under one lock, so they order entries as their invoke times
 * do. Thread-safe.
 */
final class HistoryRecorder {
    /** Invocation is an operation sent and not yet recorded. */
    record Invocation(long id, long invokeNs) {
    }

    // Guarded by this.
    private final List<Entry> entries = new ArrayList<>();
    // Guarded by this.
    private long nextId;

    /** Starts an operation: its id and invoke time, taken together. */
    synchronized Invocation invoke() {
        return new Invocation(nextId++, System.nanoTime());
    }

    /**
     * Records an operation of {@code session} started at {@code invocation} whose outcome is known now
     * ({@link Result.Unknown} completes never, whenever it is recorded). For a read checked as
     * linearizable ({@code synced}), {@code invocation} is that of the {@code sync} sent before it.
     */
    Entry complete(long session, Invocation invocation, Command command, Result result, boolean synced) {
        long completeNs = result instanceof Result.Unknown ? Entry.NEVER : System.nanoTime();
        Entry entry = new Entry(invocation.id(), session, invocation.invokeNs(), completeNs, command, result, synced);
        synchronized (this) {
            entries.add(entry);
        }
        return entry;
    }

    /** Every entry recorded so far, by id. */
    synchronized List<Entry> entries() {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::id));
        return sorted;
    }
}
