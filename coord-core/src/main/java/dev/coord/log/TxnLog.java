package dev.coord.log;

import org.agrona.DirectBuffer;

/**
 * TxnLog is a peer's history: records (zxid, payload) in strictly increasing zxid order, appended,
 * made durable by {@link #flush()} (or by a {@link #beginForce() force} run off the agent thread),
 * read back after a restart, and logically truncatable for ZAB's TRUNC.
 *
 * <p>Called only on the owning peer's agent thread, except {@link Force#run()}, which may run on any
 * one other thread.
 *
 * <p>Invariant: the records the log returns from {@link #readAfter} are exactly the records appended
 * and not truncated or purged, in zxid order, each with the payload it was appended with; a record
 * that was {@link #flush() flushed} survives a crash of the process or of the machine.
 */
public interface TxnLog extends AutoCloseable {
    /**
     * Appends a record. Not durable until the next {@link #flush()}.
     *
     * @throws IllegalArgumentException if {@code zxid} is not greater than {@link #lastZxid()}
     */
    void append(long zxid, DirectBuffer payload, int offset, int length);

    /** Makes every appended record durable (one force for the whole batch); a no-op without fsync. */
    void flush();

    /**
     * Starts making every record appended so far durable without waiting for the disk: returns the
     * {@link Force} to run once, on any thread, while appends go on; or null when there is nothing to
     * force (nothing appended since the last force began, or the log needs no forces) or when the
     * force begun before has not finished (one at a time). Records appended after this call are not
     * covered by it.
     *
     * <p>Every method other than {@link #append}, {@link #lastZxid}, {@link #firstZxid},
     * {@link #durableZxid} and this one first waits for a begun force to finish, running it itself if no
     * thread has started it, so truncation, sealing and closing never overlap a force.
     */
    Force beginForce();

    /**
     * The zxid up to which every record is durable: flushed, kept by a truncation, or covered by a force
     * that has finished (a crash keeps all of them). At most {@link #lastZxid()}.
     *
     * @throws java.io.UncheckedIOException if a begun force failed (the log can no longer be trusted)
     */
    long durableZxid();

    /** The zxid of the last record, or {@code 0} when the log holds none. */
    long lastZxid();

    /** The zxid of the first record still held (older ones were purged), or {@code 0} when none. */
    long firstZxid();

    /** Calls {@code handler} with every record whose zxid is greater than {@code afterZxid}, in order. */
    void readAfter(long afterZxid, RecordHandler handler);

    /**
     * Drops every record with a zxid greater than {@code zxid}, durably, before returning; later
     * appends follow {@code zxid}. Survives a restart.
     */
    void truncateAfter(long zxid);

    /**
     * Makes later appends start a new segment, so that {@link #purgeUpTo} can later drop what came
     * before (called after a snapshot).
     */
    void roll();

    /**
     * Drops whole segments whose records all have a zxid at most {@code zxid}; records after
     * {@code zxid} are always kept, and some at or before it may be.
     */
    void purgeUpTo(long zxid);

    /** Releases the log's resources; appended but unflushed records may be lost. */
    @Override
    void close();

    /**
     * Force is one begun force of a {@link TxnLog} (see {@link #beginForce()}). {@link #run()} blocks
     * until the records it covers are on the device, never throws (a failure is reported by
     * {@link #durableZxid()}), and does nothing when run again.
     */
    interface Force extends Runnable {
        /** The last zxid this force makes durable. */
        long zxid();
    }

    /** RecordHandler receives records read from a {@link TxnLog}; the buffer is valid only during the call. */
    @FunctionalInterface
    interface RecordHandler {
        void onRecord(long zxid, DirectBuffer payload, int offset, int length);
    }
}
