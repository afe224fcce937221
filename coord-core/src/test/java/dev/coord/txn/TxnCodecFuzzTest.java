package dev.coord.txn;

import dev.coord.testkit.fuzz.Fuzzer;
import java.util.ArrayList;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Fuzzes {@link TxnCodec#decode} and {@link TxnCodec#decodeTime}: only {@link MalformedTxnException} may come out. */
class TxnCodecFuzzTest {

    @Test
    void decodeThrowsOnlyMalformedTxnExceptionOnAnyInput() {
        Fuzzer.run("TxnCodec.decode", corpus(), Fuzzer.inputs(100_000), input -> {
            UnsafeBuffer buffer = new UnsafeBuffer(input);
            TxnCodec.decode(buffer, 0, input.length);
        }, MalformedTxnException.class);
    }

    @Test
    void decodeTimeThrowsOnlyMalformedTxnExceptionOnAnyInput() {
        Fuzzer.run("TxnCodec.decodeTime", corpus(), Fuzzer.inputs(20_000),
                input -> TxnCodec.decodeTime(new UnsafeBuffer(input), 0, input.length), MalformedTxnException.class);
    }

    static List<byte[]> corpus() {
        List<Txn> txns = List.of(
                new Txn.Create("/a/b", new byte[]{1, 2, 3}, NodeKind.ofOrdinal(0), false, 0, 0),
                new Txn.Create("/a/seq-", new byte[0], NodeKind.ofOrdinal(1), true, 77, 0),
                new Txn.Create("/ttl", new byte[]{5}, NodeKind.ofOrdinal(3), false, 0, 60_000),
                new Txn.Delete("/a/b", 3),
                new Txn.SetData("/a", new byte[]{9, 9}, -1),
                new Txn.Check("/", 0),
                new Txn.CreateSession(10_000, 2),
                new Txn.CloseSession(0x1234_5678_9ABCL),
                new Txn.Multi(List.of(new Txn.Check("/x", 1), new Txn.SetData("/x", new byte[]{1}, 1),
                        new Txn.Delete("/y", -1))),
                new Txn.Multi(List.of()));
        List<byte[]> corpus = new ArrayList<>();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        for (Txn txn : txns) {
            int length = TxnCodec.encode(1_700_000_000_000L, txn, buffer, 0);
            byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            corpus.add(bytes);
        }
        return corpus;
    }
}
