package dev.coord.sim;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HistoryRecorder records the simulated clients' operations as a history for the checkers: an entry
 * is opened when a client invokes an operation and closed when its outcome is known; whatever is still
 * open at the end has an unknown outcome. Times are virtual nanoseconds.
 */
final class HistoryRecorder {
    private record Open(long session, long invokeNs, Command command, boolean synced) {
    }

    private final Scheduler time;
    private final Trace trace;
    private final Map<Long, Open> open = new TreeMap<>();
    /** Ends of sessions not seen by their clients: session id to the open CloseSession entry. */
    private final Map<Long, Long> awaitingClose = new TreeMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private long nextId;

    HistoryRecorder(Scheduler time, Trace trace) {
        this.time = time;
        this.trace = trace;
    }

    /** Opens an entry invoked now; returns its id. */
    long invoke(long session, Command command) {
        return invoke(session, command, time.nowNs(), false);
    }

    long invoke(long session, Command command, long invokeNs, boolean synced) {
        long id = nextId++;
        open.put(id, new Open(session, invokeNs, command, synced));
        trace.add("client 0x" + Long.toHexString(session) + " #" + id + " " + command);
        return id;
    }

    /** Closes entry {@code id} now with {@code result} (an Unknown result stays open until the end). */
    void complete(long id, Result result) {
        trace.add("client #" + id + " -> " + result);
        if (result instanceof Result.Unknown) {
            return;
        }
        Open o = open.remove(id);
        entries.add(new Entry(id, o.session, o.invokeNs, time.nowNs(), o.command, result, o.synced));
    }

    /**
     * Leaves CloseSession entry {@code id} of {@code sessionId} open until {@link #sessionGone} tells
     * that a peer has applied the session's end (then it surely took effect), or to the end.
     */
    void awaitClose(long sessionId, long id) {
        awaitingClose.put(sessionId, id);
    }

    /** A peer applied the end of {@code sessionId}: its awaited CloseSession entry completes now. */
    void sessionGone(long sessionId) {
        Long id = awaitingClose.remove(sessionId);
        if (id != null) {
            complete(id, Result.ok(null));
        }
    }

    /** Forgets entry {@code id}: a read whose outcome is unknown tells nothing. */
    void abandon(long id) {
        trace.add("client #" + id + " abandoned");
        open.remove(id);
    }

    int size() {
        return entries.size() + open.size();
    }

    /** The history: every closed entry, and every open one as Unknown, in id order. */
    List<Entry> history() {
        List<Entry> all = new ArrayList<>(entries);
        for (Map.Entry<Long, Open> e : open.entrySet()) {
            Open o = e.getValue();
            if (o.command.isWrite()) {
                all.add(new Entry(e.getKey(), o.session, o.invokeNs, Entry.NEVER, o.command, Result.unknown(), false));
            }
        }
        all.sort((a, b) -> Long.compare(a.id(), b.id()));
        return all;
    }
}
