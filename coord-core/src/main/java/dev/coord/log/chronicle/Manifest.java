package dev.coord.log.chronicle;

import dev.coord.log.LogCorruptedException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Manifest is the list of a log's segments in order, with the last valid zxid of each sealed segment;
 * it is the authority on which records of which segment directory belong to the log.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        Magic ("CZLM")                         |
 *  +---------------------------------------------------------------+
 *  |                           Version                             |
 *  +---------------------------------------------------------------+
 *  |                       Next Segment Id                         |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                         Entry Count                           |
 *  +---------------------------------------------------------------+
 *  |                     Entry 0: Segment Id                       |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Entry 0: End Zxid                         |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   ... Entry Count entries ...                 |
 *  +---------------------------------------------------------------+
 *  |                  Checksum (CRC32C of all above)               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Integers are little-endian. An entry's end zxid is the zxid of the segment's last valid record,
 * or {@link #OPEN} (0) for the last segment while appends still go to it. Records of a sealed segment
 * after its end zxid were logically truncated and are never read.
 *
 * <p>Invariant: segment ids strictly increase and are below the next segment id; only the last entry
 * may be open; end zxids of sealed entries strictly increase. Immutable, so safe on any thread.
 */
record Manifest(long nextSegmentId, List<Entry> entries) {
    /** The end zxid of a segment that is still open for appends. */
    static final long OPEN = 0;

    private static final int MAGIC = 0x4D4C5A43;
    private static final int VERSION = 1;
    private static final int HEADER_LENGTH = 2 * Integer.BYTES + Long.BYTES + Integer.BYTES;
    private static final int ENTRY_LENGTH = 2 * Long.BYTES;
    private static final int CHECKSUM_LENGTH = Integer.BYTES;

    /** Entry is one segment of the log: its id (which names its directory) and its end zxid. */
    record Entry(long segmentId, long endZxid) {
        boolean isOpen() {
            return endZxid == OPEN;
        }
    }

    Manifest {
        entries = List.copyOf(entries);
        String problem = validate(nextSegmentId, entries);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The manifest of a log that has never had a segment. */
    static Manifest empty() {
        return new Manifest(1, List.of());
    }

    /** This manifest with {@code entry} added at the end; the new segment's id is used up. */
    Manifest withAppended(Entry entry) {
        List<Entry> list = new ArrayList<>(entries);
        list.add(entry);
        return new Manifest(Math.max(nextSegmentId, entry.segmentId() + 1), list);
    }

    /** This manifest with its entries replaced. */
    Manifest withEntries(List<Entry> newEntries) {
        return new Manifest(nextSegmentId, newEntries);
    }

    byte[] encode() {
        int length = HEADER_LENGTH + entries.size() * ENTRY_LENGTH + CHECKSUM_LENGTH;
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).putInt(VERSION).putLong(nextSegmentId).putInt(entries.size());
        for (Entry entry : entries) {
            buffer.putLong(entry.segmentId()).putLong(entry.endZxid());
        }
        buffer.putInt(checksum(buffer.array(), length - CHECKSUM_LENGTH));
        return buffer.array();
    }

    /**
     * Decodes a manifest read from {@code file}.
     *
     * @throws LogCorruptedException naming the file if the bytes are not a valid manifest
     */
    static Manifest decode(byte[] bytes, Path file) {
        if (bytes.length < HEADER_LENGTH + CHECKSUM_LENGTH
                || (bytes.length - HEADER_LENGTH - CHECKSUM_LENGTH) % ENTRY_LENGTH != 0) {
            throw corrupt(file, "its length " + bytes.length + " is not a valid manifest length");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int storedChecksum = buffer.getInt(bytes.length - CHECKSUM_LENGTH);
        if (storedChecksum != checksum(bytes, bytes.length - CHECKSUM_LENGTH)) {
            throw corrupt(file, "its checksum does not match");
        }
        if (buffer.getInt() != MAGIC) {
            throw corrupt(file, "it does not start with the manifest magic number");
        }
        int version = buffer.getInt();
        if (version != VERSION) {
            throw corrupt(file, "its version " + version + " is not " + VERSION);
        }
        long nextSegmentId = buffer.getLong();
        int count = buffer.getInt();
        if (count != (bytes.length - HEADER_LENGTH - CHECKSUM_LENGTH) / ENTRY_LENGTH) {
            throw corrupt(file, "its entry count " + count + " does not match its length");
        }
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new Entry(buffer.getLong(), buffer.getLong()));
        }
        String problem = validate(nextSegmentId, entries);
        if (problem != null) {
            throw corrupt(file, problem);
        }
        return new Manifest(nextSegmentId, entries);
    }

    private static String validate(long nextSegmentId, List<Entry> entries) {
        long previousId = 0;
        long previousEnd = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.segmentId() <= previousId || entry.segmentId() >= nextSegmentId) {
                return "segment id " + entry.segmentId() + " is out of order or not below the next id "
                        + nextSegmentId;
            }
            if (entry.isOpen() && i != entries.size() - 1) {
                return "segment " + entry.segmentId() + " is open but not the last segment";
            }
            if (!entry.isOpen() && entry.endZxid() <= previousEnd) {
                return "segment " + entry.segmentId() + " ends at a zxid not above the previous segment's";
            }
            previousId = entry.segmentId();
            previousEnd = entry.isOpen() ? previousEnd : entry.endZxid();
        }
        return null;
    }

    private static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static LogCorruptedException corrupt(Path file, String why) {
        return new LogCorruptedException("transaction log manifest " + file + " is corrupt: " + why);
    }
}
