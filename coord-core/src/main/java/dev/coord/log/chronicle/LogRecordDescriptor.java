package dev.coord.log.chronicle;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * LogRecordDescriptor is the layout of one transaction log record, stored as the body of one Chronicle
 * Queue excerpt (Chronicle's own 4-byte excerpt header precedes it and is not part of the record).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                             Zxid                              |
 *  |               (epoch in high 32 bits, counter in low 32)      |
 *  +---------------------------------------------------------------+
 *  |                        Payload Length                         |
 *  +---------------------------------------------------------------+
 *  |                       Checksum (CRC32C)                       |
 *  +---------------------------------------------------------------+
 *  |                            Payload                          ...
 * ...                                                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Integers are little-endian. The checksum is CRC32C over the zxid, the payload length and the
 * payload, that is every byte of the record except the checksum field itself. A record is valid only if
 * its excerpt is exactly {@code HEADER_LENGTH + payloadLength} bytes long and the checksum matches; a
 * record that fails either check is never returned to a reader.
 *
 * <p>The methods are stateless apart from the {@link CRC32C} the caller passes, which is confined to
 * the caller's thread.
 */
final class LogRecordDescriptor {
    /** Byte order of every integer in a record. */
    static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Offset of the zxid. */
    static final int ZXID_OFFSET = 0;
    /** Offset of the payload length. */
    static final int PAYLOAD_LENGTH_OFFSET = ZXID_OFFSET + Long.BYTES;
    /** Offset of the checksum. */
    static final int CHECKSUM_OFFSET = PAYLOAD_LENGTH_OFFSET + Integer.BYTES;
    /** Length of the fixed header; the payload starts here. */
    static final int HEADER_LENGTH = CHECKSUM_OFFSET + Integer.BYTES;
    /** Offset of the payload. */
    static final int PAYLOAD_OFFSET = HEADER_LENGTH;

    /** Check is the outcome of validating a record read back from disk. */
    enum Check {
        VALID,
        SHORTER_THAN_HEADER,
        LENGTH_MISMATCH,
        CHECKSUM_MISMATCH
    }

    private LogRecordDescriptor() {
    }

    /**
     * Encodes a record into {@code record} (growing it if needed) and returns its length in bytes.
     */
    static int encode(ExpandableArrayBuffer record, CRC32C crc, long zxid, DirectBuffer payload, int offset,
            int length) {
        if (length < 0 || offset < 0) {
            throw new IllegalArgumentException("bad payload slice: offset " + offset + ", length " + length);
        }
        int recordLength = HEADER_LENGTH + length;
        record.checkLimit(recordLength);
        record.putLong(ZXID_OFFSET, zxid, BYTE_ORDER);
        record.putInt(PAYLOAD_LENGTH_OFFSET, length, BYTE_ORDER);
        record.putBytes(PAYLOAD_OFFSET, payload, offset, length);
        record.putInt(CHECKSUM_OFFSET, checksum(crc, record.byteArray(), recordLength), BYTE_ORDER);
        return recordLength;
    }

    /** Validates a record of {@code recordLength} bytes at the start of {@code record}. */
    static Check check(CRC32C crc, ExpandableArrayBuffer record, int recordLength) {
        if (recordLength < HEADER_LENGTH) {
            return Check.SHORTER_THAN_HEADER;
        }
        if (payloadLength(record) != recordLength - HEADER_LENGTH) {
            return Check.LENGTH_MISMATCH;
        }
        if (record.getInt(CHECKSUM_OFFSET, BYTE_ORDER) != checksum(crc, record.byteArray(), recordLength)) {
            return Check.CHECKSUM_MISMATCH;
        }
        return Check.VALID;
    }

    /** The zxid of the record at the start of {@code record}. */
    static long zxid(DirectBuffer record) {
        return record.getLong(ZXID_OFFSET, BYTE_ORDER);
    }

    /** The payload length the record at the start of {@code record} claims. */
    static int payloadLength(DirectBuffer record) {
        return record.getInt(PAYLOAD_LENGTH_OFFSET, BYTE_ORDER);
    }

    private static int checksum(CRC32C crc, byte[] record, int recordLength) {
        crc.reset();
        crc.update(record, ZXID_OFFSET, CHECKSUM_OFFSET);
        crc.update(record, PAYLOAD_OFFSET, recordLength - PAYLOAD_OFFSET);
        return (int) crc.getValue();
    }
}
