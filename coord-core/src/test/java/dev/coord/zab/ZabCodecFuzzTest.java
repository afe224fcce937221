package dev.coord.zab;

import dev.coord.testkit.fuzz.Fuzzer;
import java.util.ArrayList;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Fuzzes {@link ZabCodec#decode}: the only exception it may throw is {@link MalformedMessageException}. */
class ZabCodecFuzzTest {

    @Test
    void decodeThrowsOnlyMalformedMessageExceptionOnAnyInput() {
        Fuzzer.run("ZabCodec.decode", corpus(), Fuzzer.inputs(100_000),
                input -> ZabCodec.decode(new UnsafeBuffer(input), 0, input.length),
                MalformedMessageException.class);
    }

    static List<byte[]> corpus() {
        EpochSummary history = new EpochSummary(Zxid.of(1, 5), List.of(Zxid.of(2, 3), Zxid.of(3, 9)));
        List<ZabMessage> messages = List.of(
                new ZabMessage.Notification(new Vote(3, 2, Zxid.of(2, 7)), 4, PeerState.LOOKING),
                new ZabMessage.FollowerInfo(3, history, Zxid.of(3, 1), false),
                new ZabMessage.LeaderInfo(4),
                new ZabMessage.AckEpoch(4, 3, history, Zxid.of(3, 2)),
                new ZabMessage.Trunc(4, Zxid.of(3, 2)),
                new ZabMessage.Snap(4, Zxid.of(3, 9), history, new byte[]{1, 2, 3, 4, 5, 6, 7, 8}),
                new ZabMessage.Snap(4, Zxid.of(3, 9), history, null),
                new ZabMessage.Proposal(4, Zxid.of(4, 1), new byte[]{9, 8, 7, 6}),
                new ZabMessage.NewLeader(4, Zxid.of(3, 9)),
                new ZabMessage.Ack(4, Zxid.of(4, 1), true),
                new ZabMessage.UpToDate(4, Zxid.of(4, 1)),
                new ZabMessage.Commit(4, Zxid.of(4, 1)),
                new ZabMessage.Inform(4, Zxid.of(4, 1), new byte[]{1}),
                new ZabMessage.Ping(4, Zxid.of(4, 1)));
        List<byte[]> corpus = new ArrayList<>();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        for (ZabMessage message : messages) {
            int length = ZabCodec.encode(message, buffer, 0);
            byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            corpus.add(bytes);
        }
        return corpus;
    }
}
