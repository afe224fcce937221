package dev.coord.log;

import org.agrona.DirectBuffer;

/**
 * TxnLog is a peer's history: records (zxid, payload) in strictly increasing zxid order, appended,
 * made durable by {@link #flush()}, read back after a restart, and logically truncatable for ZAB's
 * TRUNC.
 *
 * <p>Called only on the owning peer's agent thread.
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

    /** RecordHandler receives records read from a {@link TxnLog}; the buffer is valid only during the call. */
    @FunctionalInterface
    interface RecordHandler {
        void onRecord(long zxid, DirectBuffer payload, int offset, int length);
    }
}
