package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * HistoryBuilder writes a test history one entry at a time, numbering entries in the order they are
 * added. Reads added with {@link #op} are synced (linearizable); {@link #plain} adds unsynced ones.
 */
final class HistoryBuilder {
    private final List<Entry> entries = new ArrayList<>();

    /** An entry of {@code session} over [invokeNs, completeNs]; a read is synced. */
    HistoryBuilder op(long session, long invokeNs, long completeNs, Command command, Result result) {
        return add(session, invokeNs, completeNs, command, result, !command.isWrite());
    }

    /** A plain (unsynced) read. */
    HistoryBuilder plain(long session, long invokeNs, long completeNs, Command read, Result result) {
        return add(session, invokeNs, completeNs, read, result, false);
    }

    /** An entry whose outcome never came back. */
    HistoryBuilder unknown(long session, long invokeNs, Command command) {
        return add(session, invokeNs, Entry.NEVER, command, new Result.Unknown(), false);
    }

    private HistoryBuilder add(long session, long invokeNs, long completeNs, Command command, Result result, boolean synced) {
        entries.add(new Entry(entries.size() + 1, session, invokeNs, completeNs, command, result, synced));
        return this;
    }

    /** The entry added {@code n}-th (from 1). */
    Entry entry(int n) {
        return entries.get(n - 1);
    }

    List<Entry> build() {
        return List.copyOf(entries);
    }
}
