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
 * that is the records covered by a {@link #flush()}, by a {@link #beginForce() force} that has run, or
 * kept by a {@link #truncateAfter truncation}; every other append is lost (a force begun but not run
 * too), which is the harshest outcome the real log allows. It also models
 * segments the way the Chronicle log forms them ({@link #roll()} and {@link #truncateAfter} end the
 * current segment; {@link #purgeUpTo} drops whole segments and never the last one), so purging keeps the
 * same records in both.
 *
 * <p>Called only on one thread at a time (the owning peer's agent thread, or the simulator's); a
 * force's {@link Force#run()} only marks the force as done, so it may run on any thread.
 */
public final class InMemoryTxnLog implements TxnLog {
    /** Invariant: no segment is empty; zxids strictly increase across them; only the last may be open. */
    private final List<Segment> segments;
    /** Invariant: equals the sum of the segments' sizes. */
    private int recordCount;
    /** Invariant: 0 <= durableRecordCount <= recordCount; the first durableRecordCount records survive a crash. */
    private int durableRecordCount;
    private final UnsafeBuffer readBuffer = new UnsafeBuffer(new byte[0]);
    /** Invariant: the force begun and not yet seen done, or null; it covers its first recordCount records. */
    private MemoryForce begun;
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
        awaitBegunForce();
        durableRecordCount = recordCount;
    }

    @Override
    public Force beginForce() {
        checkOpen();
        harvest();
        if (begun != null || durableRecordCount == recordCount) {
            return null;
        }
        begun = new MemoryForce(recordCount, lastZxid());
        return begun;
    }

    @Override
    public long durableZxid() {
        checkOpen();
        harvest();
        if (durableRecordCount == recordCount) {
            return lastZxid();
        }
        int remaining = durableRecordCount;
        for (Segment segment : segments) {
            if (remaining <= segment.records.size()) {
                return remaining == 0 ? 0 : segment.records.get(remaining - 1).zxid;
            }
            remaining -= segment.records.size();
        }
        throw new IllegalStateException("durable record count " + durableRecordCount + " beyond " + recordCount);
    }

    /** Takes note of the begun force if it has run. */
    private void harvest() {
        if (begun != null && begun.done) {
            durableRecordCount = Math.max(durableRecordCount, begun.recordCount);
            begun = null;
        }
    }

    /** Runs the begun force now if it has not run (an in-memory force is instant), and takes note of it. */
    private void awaitBegunForce() {
        if (begun != null) {
            begun.run();
            harvest();
        }
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
        awaitBegunForce();
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
        awaitBegunForce();
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
        awaitBegunForce();
        if (!segments.isEmpty()) {
            last().sealed = true;
        }
    }

    @Override
    public void purgeUpTo(long zxid) {
        checkOpen();
        awaitBegunForce();
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
        harvest();                                      // a force that ran is durable; one not run is lost
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
        if (!closed) {
            awaitBegunForce();
        }
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

    /** MemoryForce is a begun force of the first {@code recordCount} records; running it only marks it done. */
    private static final class MemoryForce implements Force {
        final int recordCount;
        final long zxid;
        volatile boolean done;

        MemoryForce(int recordCount, long zxid) {
            this.recordCount = recordCount;
            this.zxid = zxid;
        }

        @Override
        public long zxid() {
            return zxid;
        }

        @Override
        public void run() {
            done = true;
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
