package dev.coord.log;

import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * InMemoryTxnLog is a {@link TxnLog} held in memory, for the deterministic simulator and for tests: no
 * threads, clocks or files.
 *
 * <p>It models what a restart may see: {@link #crash()} yields a new log holding only what was durable,
 * that is the records covered by a {@link #flush()} or kept by a {@link #truncateAfter truncation};
 * every unflushed append is lost, which is the harshest outcome the real log allows. It also models
 * segments the way the Chronicle log forms them ({@link #roll()} and {@link #truncateAfter} end the
 * current segment; {@link #purgeUpTo} drops whole segments and never the last one), so purging keeps the
 * same records in both.
 *
 * <p>Called only on one thread at a time (the owning peer's agent thread, or the simulator's).
 */
public final class InMemoryTxnLog implements TxnLog {
    /** Invariant: no segment is empty; zxids strictly increase across them; only the last may be open. */
    private final List<Segment> segments;
    /** Invariant: equals the sum of the segments' sizes. */
    private int recordCount;
    /** Invariant: 0 <= durableRecordCount <= recordCount; the first durableRecordCount records survive a crash. */
    private int durableRecordCount;
    private final UnsafeBuffer readBuffer = new UnsafeBuffer(new byte[0]);
    private boolean closed;

    /** Creates an empty log. */
    public InMemoryTxnLog() {
        this(new ArrayList<>(), 0);
    }

    private InMemoryTxnLog(List<Segment> segments, int recordCount) {
        this.segments = segments;
        this.recordCount = recordCount;
        this.durableRecordCount = recordCount;
    }

    @Override
    public void append(long zxid, DirectBuffer payload, int offset, int length) {
        checkOpen();
        long lastZxid = lastZxid();
        if (zxid <= lastZxid) {
            throw new IllegalArgumentException("zxid 0x" + Long.toHexString(zxid)
                    + " is not greater than the last zxid 0x" + Long.toHexString(lastZxid));
        }
        byte[] copy = new byte[length];
        payload.getBytes(offset, copy, 0, length);
        if (segments.isEmpty() || last().sealed) {
            segments.add(new Segment());
        }
        last().records.add(new Record(zxid, copy));
        recordCount++;
    }

    @Override
    public void flush() {
        checkOpen();
        durableRecordCount = recordCount;
    }

    @Override
    public long lastZxid() {
        checkOpen();
        return segments.isEmpty() ? 0 : last().lastZxid();
    }

    @Override
    public long firstZxid() {
        checkOpen();
        return segments.isEmpty() ? 0 : segments.get(0).records.get(0).zxid;
    }

    @Override
    public void readAfter(long afterZxid, RecordHandler handler) {
        checkOpen();
        for (Segment segment : segments) {
            if (segment.lastZxid() <= afterZxid) {
                continue;
            }
            for (Record record : segment.records) {
                if (record.zxid > afterZxid) {
                    readBuffer.wrap(record.payload);
                    handler.onRecord(record.zxid, readBuffer, 0, record.payload.length);
                }
            }
        }
    }

    @Override
    public void truncateAfter(long zxid) {
        checkOpen();
        if (zxid >= lastZxid()) {
            return;
        }
        while (!segments.isEmpty()) {
            Segment segment = last();
            List<Record> records = segment.records;
            while (!records.isEmpty() && records.get(records.size() - 1).zxid > zxid) {
                records.remove(records.size() - 1);
                recordCount--;
            }
            if (!records.isEmpty()) {
                segment.sealed = true;
                break;
            }
            segments.remove(segments.size() - 1);
        }
        durableRecordCount = recordCount;
    }

    @Override
    public void roll() {
        checkOpen();
        if (!segments.isEmpty()) {
            last().sealed = true;
        }
    }

    @Override
    public void purgeUpTo(long zxid) {
        checkOpen();
        while (segments.size() > 1 && segments.get(0).lastZxid() <= zxid) {
            int dropped = segments.remove(0).records.size();
            recordCount -= dropped;
            durableRecordCount = Math.max(0, durableRecordCount - dropped);
        }
    }

    /**
     * Simulates a crash of the process or machine: this log is closed, and the returned log, as a
     * restarted peer would open it, holds only the durable records.
     */
    public InMemoryTxnLog crash() {
        return crash(0);
    }

    /**
     * Simulates a crash after which the first {@code unforcedKept} unflushed appends happen to have
     * reached the disk anyway (the OS wrote them back before the crash), as a real log may find them.
     */
    public InMemoryTxnLog crash(int unforcedKept) {
        checkOpen();
        closed = true;
        List<Segment> survivors = new ArrayList<>();
        int survived = Math.min(recordCount, durableRecordCount + Math.max(0, unforcedKept));
        int remaining = survived;
        for (Segment segment : segments) {
            if (remaining == 0) {
                break;
            }
            Segment copy = new Segment();
            int kept = Math.min(remaining, segment.records.size());
            copy.records.addAll(segment.records.subList(0, kept));
            copy.sealed = segment.sealed;
            survivors.add(copy);
            remaining -= kept;
        }
        return new InMemoryTxnLog(survivors, survived);
    }

    @Override
    public void close() {
        closed = true;
    }

    private Segment last() {
        return segments.get(segments.size() - 1);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the in-memory transaction log is closed");
        }
    }

    /** Record is one appended record; the payload is a private copy. */
    private record Record(long zxid, byte[] payload) {
    }

    /** Segment is a run of records that ends when it is sealed; later appends start a new one. */
    private static final class Segment {
        final List<Record> records = new ArrayList<>();
        boolean sealed;

        long lastZxid() {
            return records.get(records.size() - 1).zxid;
        }
    }
}
