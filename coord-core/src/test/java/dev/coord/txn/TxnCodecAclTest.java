package dev.coord.txn;

import dev.coord.Acl;
import dev.coord.Perms;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** TxnCodecAclTest covers the ACL-carrying records: CREATE_ACL and SET_ACL, and CREATE's compatibility. */
class TxnCodecAclTest {
    private static List<Acl> randomAcl(Random r) {
        List<Acl> acl = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            acl.add(switch (r.nextInt(3)) {
                case 0 -> Acl.world(1 + r.nextInt(Perms.ALL));
                case 1 -> Acl.digest("user" + r.nextInt(5), "pw" + r.nextInt(), 1 + r.nextInt(Perms.ALL));
                default -> Acl.ip("10." + r.nextInt(256) + ".0.0/16", Perms.READ);
            });
        }
        return acl;
    }

    private static Txn randomAclTxn(Random r) {
        String path = "/n" + r.nextInt(100);
        return switch (r.nextInt(3)) {
            case 0 -> new Txn.Create(path, new byte[r.nextInt(8)], NodeKind.ofOrdinal(r.nextInt(4)), r.nextBoolean(),
                    r.nextLong(), r.nextLong(), randomAcl(r));
            case 1 -> new Txn.SetAcl(path, randomAcl(r), r.nextInt());
            default -> new Txn.Multi(List.of(new Txn.Create(path, new byte[0], NodeKind.PERSISTENT, false, 0, 0, randomAcl(r)),
                    new Txn.Check(path, -1)));
        };
    }

    @Test
    void shouldRoundTripCreatesWithAnAclAndSetAcl() {
        Random r = new Random(17);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        for (int i = 0; i < 1_000; i++) {
            Txn txn = randomAclTxn(r);
            int length = TxnCodec.encode(i, txn, buffer, 5);
            assertThat(TxnCodec.decode(buffer, 5, length)).usingRecursiveComparison().isEqualTo(txn);
        }
    }

    @Test
    void shouldWriteACreateWithTheDefaultAclInTheFormatOfBeforeAcls() {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        Txn open = new Txn.Create("/a", new byte[] {1}, NodeKind.PERSISTENT, false, 0, 0);
        int length = TxnCodec.encode(1, open, buffer, 0);
        assertThat(buffer.getByte(TxnDescriptor.TYPE_OFFSET)).isEqualTo(TxnDescriptor.CREATE);
        // 8 time + 1 type + (4+2) path + (4+1) data + 1 kind + 1 sequential + 8 owner + 8 ttl: nothing more.
        assertThat(length).isEqualTo(38);
        Txn.Create decoded = (Txn.Create) TxnCodec.decode(buffer, 0, length);
        assertThat(decoded.acl()).isEqualTo(Acl.OPEN_ACL_UNSAFE);

        Txn guarded = new Txn.Create("/a", new byte[] {1}, NodeKind.PERSISTENT, false, 0, 0, Acl.READ_ACL_UNSAFE);
        TxnCodec.encode(1, guarded, buffer, 0);
        assertThat(buffer.getByte(TxnDescriptor.TYPE_OFFSET)).isEqualTo(TxnDescriptor.CREATE_ACL);
    }

    @Test
    void shouldRejectEveryTruncationOfAnAclRecordWithMalformedTxnException() {
        Random r = new Random(19);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        for (int i = 0; i < 2_000; i++) {
            int length = TxnCodec.encode(1, randomAclTxn(r), buffer, 0);
            int cut = r.nextInt(length);
            assertThat(catchThrowable(() -> TxnCodec.decode(buffer, 0, cut))).isInstanceOf(MalformedTxnException.class);
        }
    }

    @Test
    void shouldRejectAHugeAclCountWithoutAllocating() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        buffer.putByte(8, TxnDescriptor.SET_ACL);
        buffer.putInt(9, 2);
        buffer.putByte(13, (byte) '/');
        buffer.putByte(14, (byte) 'a');
        buffer.putInt(15, Integer.MAX_VALUE);
        assertThatThrownBy(() -> TxnCodec.decode(buffer, 0, 32)).isInstanceOf(MalformedTxnException.class)
                .hasMessageContaining("ACL entry count");
    }
}
