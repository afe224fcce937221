package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.OpResult;
import dev.coord.testkit.fuzz.Fuzzer;
import java.util.ArrayList;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the peer messages' decoding: a REPLY's error, and the fields every other message reads with
 * {@link Wire.Reader}. Malformed input is reported as {@link IllegalArgumentException}, which the agent
 * answers by closing that connection.
 */
class WireFuzzTest {

    @Test
    void decodeReplyErrorThrowsOnlyIllegalArgumentExceptionOnAnyInput() {
        Fuzzer.run("Wire.decodeReplyError", corpus(), Fuzzer.inputs(30_000),
                input -> Wire.decodeReplyError(new UnsafeBuffer(input), 0, input.length),
                IllegalArgumentException.class);
    }

    @Test
    void readerThrowsOnlyIllegalArgumentExceptionOnAnyInput() {
        Fuzzer.run("Wire.Reader", corpus(), Fuzzer.inputs(50_000), input -> {
            Wire.Reader r = new Wire.Reader(new UnsafeBuffer(input), 0, input.length);
            while (r.remaining() > 0) {
                switch (r.getByte() & 3) {
                    case 0 -> r.getLong();
                    case 1 -> r.nullableString();
                    case 2 -> r.getInt();
                    default -> r.bytes();
                }
            }
        }, IllegalArgumentException.class);
    }

    static List<byte[]> corpus() {
        List<CoordException> errors = List.of(
                CoordException.create(CoordException.Code.NO_NODE, "/a/b", "no node /a/b"),
                CoordException.create(CoordException.Code.BAD_VERSION, "/x", null),
                CoordException.ofMulti(CoordException.create(CoordException.Code.NODE_EXISTS, "/m", "exists"),
                        List.of(new OpResult.Error(CoordException.Code.OK),
                                new OpResult.Error(CoordException.Code.NODE_EXISTS),
                                new OpResult.Error(CoordException.Code.RUNTIME_INCONSISTENCY)), 1));
        List<byte[]> corpus = new ArrayList<>();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        long reqId = 41;
        for (CoordException error : errors) {
            int length = Wire.encodeReply(buffer, reqId++, error);
            byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            corpus.add(bytes);
        }
        return corpus;
    }
}
