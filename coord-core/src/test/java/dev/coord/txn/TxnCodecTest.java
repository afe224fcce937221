package dev.coord.txn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class TxnCodecTest {
    private static Txn randomTxn(Random r, boolean allowMulti) {
        int type = r.nextInt(allowMulti ? 7 : 6);
        String path = "/p" + r.nextInt(100) + (r.nextBoolean() ? "/ü" + r.nextInt(10) : "");
        byte[] data = new byte[r.nextInt(40)];
        r.nextBytes(data);
        return switch (type) {
            case 0 -> new Txn.Create(path, data, NodeKind.ofOrdinal(r.nextInt(4)), r.nextBoolean(), r.nextLong(), r.nextLong());
            case 1 -> new Txn.Delete(path, r.nextInt());
            case 2 -> new Txn.SetData(path, data, r.nextInt());
            case 3 -> new Txn.Check(path, r.nextInt());
            case 4 -> new Txn.CreateSession(r.nextLong(), r.nextInt());
            case 5 -> new Txn.CloseSession(r.nextLong());
            default -> {
                List<Txn> ops = new ArrayList<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    Txn op;
                    do {
                        op = randomTxn(r, false);
                    } while (op instanceof Txn.CreateSession || op instanceof Txn.CloseSession);
                    ops.add(op);
                }
                yield new Txn.Multi(ops);
            }
        };
    }

    @Test
    void shouldRoundTripEveryTransactionType() {
        Random r = new Random(7);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        for (int i = 0; i < 10_000; i++) {
            Txn txn = randomTxn(r, true);
            long time = r.nextLong();
            int length = TxnCodec.encode(time, txn, buffer, 3);
            assertThat(TxnCodec.decodeTime(buffer, 3, length)).isEqualTo(time);
            Txn decoded = TxnCodec.decode(buffer, 3, length);
            assertThat(decoded).usingRecursiveComparison().isEqualTo(txn);
        }
    }

    @Test
    void shouldRejectEveryTruncationWithMalformedTxnException() {
        Random r = new Random(11);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        for (int i = 0; i < 2_000; i++) {
            int length = TxnCodec.encode(1, randomTxn(r, true), buffer, 0);
            int cut = r.nextInt(length);
            Throwable thrown = catchThrowable(() -> TxnCodec.decode(buffer, 0, cut));
            assertThat(thrown).isInstanceOf(MalformedTxnException.class);
        }
    }

    @Test
    void shouldNeverThrowAnythingButMalformedTxnExceptionOnRandomBytes() {
        Random r = new Random(13);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[r.nextInt(64)];
            r.nextBytes(bytes);
            if (bytes.length > 8 && r.nextBoolean()) {
                bytes[8] = (byte) (1 + r.nextInt(7));
            }
            UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            try {
                TxnCodec.decode(buffer, 0, bytes.length);
            } catch (MalformedTxnException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void shouldRejectAHugeMultiCountWithoutAllocating() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        buffer.putLong(0, 1);
        buffer.putByte(8, TxnDescriptor.MULTI);
        buffer.putInt(9, Integer.MAX_VALUE);
        assertThatThrownBy(() -> TxnCodec.decode(buffer, 0, 13)).isInstanceOf(MalformedTxnException.class)
                .hasMessageContaining("does not fit");
    }
}
