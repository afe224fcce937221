package dev.coord.testkit.history;

/**
 * Entry is one operation in a history.
 *
 * @param id         unique within the history, in invocation order
 * @param session    the session that issued it (ephemeral owner; per-session order)
 * @param invokeNs   when the client invoked it (a clock common to the whole history)
 * @param completeNs when the client learned its outcome; {@link #NEVER} for an {@link Result.Unknown}
 * @param command    what was asked
 * @param result     what came back
 * @param synced     for a read: true if the session invoked a {@code sync} before it and the read is
 *                   to be checked as linearizable ({@code invokeNs} is then the sync's invoke time);
 *                   false for a plain read, which only has to be sequentially consistent per session.
 *                   Writes are always linearizable; the flag is false for them.
 */
public record Entry(long id, long session, long invokeNs, long completeNs, Command command, Result result, boolean synced) {
    public static final long NEVER = Long.MAX_VALUE;

    public Entry {
        if (completeNs < invokeNs) {
            throw new IllegalArgumentException("entry " + id + " completes (" + completeNs + ") before it is invoked (" + invokeNs + ")");
        }
        if (result instanceof Result.Unknown != (completeNs == NEVER)) {
            throw new IllegalArgumentException("entry " + id + ": an Unknown result, and only it, completes NEVER");
        }
    }

    /** True if the linearizability checker must place this entry (writes, and reads after sync). */
    public boolean linearizable() {
        return command.isWrite() || synced;
    }
}
