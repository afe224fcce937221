package dev.coord.log.chronicle;

import dev.coord.testkit.fuzz.Fuzzer;
import java.util.List;
import java.util.zip.CRC32C;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Fuzzes {@link LogRecordDescriptor#check}, which judges every record read back: it answers, never throws. */
class LogRecordFuzzTest {

    @Test
    void checkAnswersWithoutThrowingOnAnyRecord() {
        CRC32C crc = new CRC32C();
        ExpandableArrayBuffer record = new ExpandableArrayBuffer(64);
        byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        int length = LogRecordDescriptor.encode(record, crc, 0x1_0000_0001L, new UnsafeBuffer(payload), 0, payload.length);
        byte[] valid = new byte[length];
        record.getBytes(0, valid);
        int emptyLength = LogRecordDescriptor.encode(record, crc, 0x1_0000_0002L, new UnsafeBuffer(new byte[0]), 0, 0);
        byte[] empty = new byte[emptyLength];
        record.getBytes(0, empty);

        ExpandableArrayBuffer read = new ExpandableArrayBuffer(64);
        Fuzzer.run("LogRecordDescriptor.check", List.of(valid, empty), Fuzzer.inputs(100_000), input -> {
            read.checkLimit(input.length);
            read.putBytes(0, input);
            LogRecordDescriptor.check(crc, read, input.length);
        });
    }
}
