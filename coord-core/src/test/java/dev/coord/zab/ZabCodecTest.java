package dev.coord.zab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class ZabCodecTest {
    private static final int MESSAGE_TYPES = 13;
    private static final int MIB = 1 << 20;

    /** Offsets of fields inside encodings, as ZabMessageDescriptor draws them. */
    private static final int FIRST_LENGTH_AFTER_TWO_LONGS = 1 + 8 + 8;
    private static final int SNAP_HISTORY_COUNT = 1 + 8 + 8 + 8;
    private static final int NOTIFICATION_STATE = 1 + 4 + 8 + 8 + 8;
    private static final int ACK_NEW_LEADER = 1 + 8 + 8;

    @Test
    void shouldRoundTripEveryMessageTypeWithRandomFieldValues() {
        Random r = new Random(17);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        Set<Class<?>> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            ZabMessage message = randomMessage(r, r.nextInt(MESSAGE_TYPES), 64);
            int offset = r.nextInt(8);
            int length = ZabCodec.encode(message, buffer, offset);
            assertRoundTrips(message, buffer, offset, length);
            seen.add(message.getClass());
        }
        assertThat(seen).hasSize(MESSAGE_TYPES);
    }

    @Test
    void shouldWriteEachMessageTypeWithItsAssignedTypeByte() {
        Map<Class<?>, Byte> expected = Map.ofEntries(
                Map.entry(ZabMessage.Notification.class, ZabMessageDescriptor.NOTIFICATION),
                Map.entry(ZabMessage.FollowerInfo.class, ZabMessageDescriptor.FOLLOWER_INFO),
                Map.entry(ZabMessage.LeaderInfo.class, ZabMessageDescriptor.LEADER_INFO),
                Map.entry(ZabMessage.AckEpoch.class, ZabMessageDescriptor.ACK_EPOCH),
                Map.entry(ZabMessage.Trunc.class, ZabMessageDescriptor.TRUNC),
                Map.entry(ZabMessage.Snap.class, ZabMessageDescriptor.SNAP),
                Map.entry(ZabMessage.Proposal.class, ZabMessageDescriptor.PROPOSAL),
                Map.entry(ZabMessage.NewLeader.class, ZabMessageDescriptor.NEW_LEADER),
                Map.entry(ZabMessage.Ack.class, ZabMessageDescriptor.ACK),
                Map.entry(ZabMessage.UpToDate.class, ZabMessageDescriptor.UP_TO_DATE),
                Map.entry(ZabMessage.Commit.class, ZabMessageDescriptor.COMMIT),
                Map.entry(ZabMessage.Inform.class, ZabMessageDescriptor.INFORM),
                Map.entry(ZabMessage.Ping.class, ZabMessageDescriptor.PING));
        Random r = new Random(19);
        for (int type = 0; type < MESSAGE_TYPES; type++) {
            byte[] encoded = encode(randomMessage(r, type, 8));
            ZabMessage message = ZabCodec.decode(new UnsafeBuffer(encoded), 0, encoded.length);
            assertThat(encoded[ZabMessageDescriptor.TYPE_OFFSET]).isEqualTo(expected.get(message.getClass()));
            assertThat(ZabCodec.isZabType(encoded[0])).isTrue();
        }
        assertThat(new HashSet<>(expected.values())).hasSize(MESSAGE_TYPES);
    }

    @Test
    void shouldReserveTypesOneToThirtyOneForZabAndLeaveTheRestToTheShell() {
        for (int type = Byte.MIN_VALUE; type <= Byte.MAX_VALUE; type++) {
            assertThat(ZabCodec.isZabType((byte) type)).as("type %d", type).isEqualTo(type >= 1 && type <= 31);
        }
    }

    @Test
    void shouldRoundTripEmptyAndNonEmptyHistoriesAndArrays() {
        List<ZabMessage> messages = List.of(
                new ZabMessage.FollowerInfo(3, new EpochSummary(0, List.of()), 0, false),
                new ZabMessage.FollowerInfo(3, new EpochSummary(Zxid.of(1, 9), List.of(Zxid.of(2, 4), Zxid.of(3, 1))), 7, true),
                new ZabMessage.AckEpoch(4, 3, new EpochSummary(5, List.of()), 5),
                new ZabMessage.AckEpoch(4, 3, new EpochSummary(-1, List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE)), -9),
                new ZabMessage.Snap(2, 8, new EpochSummary(8, List.of()), new byte[0]),
                new ZabMessage.Snap(2, 8, new EpochSummary(8, List.of(9L)), new byte[] {1, 2, 3}),
                new ZabMessage.Proposal(1, 1, new byte[0]),
                new ZabMessage.Proposal(1, 1, new byte[] {-1}),
                new ZabMessage.Inform(1, 1, new byte[0]),
                new ZabMessage.Inform(1, 1, new byte[] {0, 127, -128}));
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);
        for (ZabMessage message : messages) {
            int length = ZabCodec.encode(message, buffer, 5);
            assertRoundTrips(message, buffer, 5, length);
        }
    }

    @Test
    void shouldDecodeASnapWithNullSnapshotBackToNull() {
        ZabMessage.Snap snap = new ZabMessage.Snap(6, Zxid.of(6, 2), new EpochSummary(Zxid.of(6, 2), List.of()), null);
        byte[] encoded = encode(snap);
        UnsafeBuffer buffer = new UnsafeBuffer(encoded);
        assertThat(buffer.getInt(encoded.length - 4)).isEqualTo(ZabMessageDescriptor.NULL_LENGTH);
        ZabMessage.Snap decoded = (ZabMessage.Snap) ZabCodec.decode(buffer, 0, encoded.length);
        assertThat(decoded.snapshot()).isNull();
        assertThat(decoded).usingRecursiveComparison().isEqualTo(snap);
    }

    @Test
    void shouldRoundTripMebibytePayloadsGrowingAnExpandableBuffer() {
        Random r = new Random(23);
        for (ZabMessage message : largeMessages(r)) {
            ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
            int length = ZabCodec.encode(message, buffer, 3);
            assertThat(length).isGreaterThan(MIB);
            assertRoundTrips(message, buffer, 3, length);
        }
    }

    @Test
    void shouldRejectEveryStrictPrefixOfEveryEncoding() {
        Random r = new Random(29);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        for (int i = 0; i < 2_000; i++) {
            ZabMessage message = randomMessage(r, i % MESSAGE_TYPES, 24);
            int length = ZabCodec.encode(message, buffer, 0);
            for (int cut = 0; cut < length; cut++) {
                assertRejectsPrefix(message, buffer, cut);
            }
        }
    }

    @Test
    void shouldRejectPrefixesOfMebibyteEncodingsAtTheirEdgesAndAtRandomCuts() {
        Random r = new Random(43);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        for (ZabMessage message : largeMessages(r)) {
            int length = ZabCodec.encode(message, buffer, 0);
            TreeSet<Integer> cuts = new TreeSet<>();
            for (int k = 0; k < 4_096; k++) {
                cuts.add(k);
                cuts.add(length - 1 - k);
            }
            for (int k = 0; k < 2_000; k++) {
                cuts.add(r.nextInt(length));
            }
            for (int cut : cuts) {
                assertRejectsPrefix(message, buffer, cut);
            }
        }
    }

    @Test
    void shouldRejectTrailingBytes() {
        Random r = new Random(31);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        for (int i = 0; i < 2_000; i++) {
            int length = ZabCodec.encode(randomMessage(r, i % MESSAGE_TYPES, 24), buffer, 0);
            int extra = 1 + r.nextInt(16);
            for (int k = 0; k < extra; k++) {
                buffer.putByte(length + k, (byte) r.nextInt());
            }
            assertThatThrownBy(() -> ZabCodec.decode(buffer, 0, length + extra))
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessageContaining(extra + " trailing bytes");
        }
    }

    @Test
    void shouldOnlyDecodeOrThrowMalformedMessageExceptionOnRandomBytes() {
        Random r = new Random(37);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] bytes = new byte[r.nextInt(48)];
            r.nextBytes(bytes);
            if (bytes.length > 0 && r.nextInt(4) > 0) {
                bytes[0] = (byte) (1 + r.nextInt(MESSAGE_TYPES));
            }
            if (decodesOrIsMalformed(bytes)) {
                decoded++;
            } else {
                rejected++;
            }
        }
        assertThat(decoded).isPositive();
        assertThat(rejected).isPositive();
    }

    @Test
    void shouldOnlyDecodeOrThrowMalformedMessageExceptionOnSingleBitFlips() {
        Random r = new Random(41);
        List<byte[]> valid = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            valid.add(encode(randomMessage(r, i % MESSAGE_TYPES, 24)));
        }
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] bytes = valid.get(r.nextInt(valid.size())).clone();
            int bit = r.nextInt(bytes.length * 8);
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
            if (decodesOrIsMalformed(bytes)) {
                decoded++;
            } else {
                rejected++;
            }
        }
        assertThat(decoded).isPositive();
        assertThat(rejected).isPositive();
    }

    @Test
    void shouldRejectAHugeByteArrayLengthWithoutAllocating() {
        for (ZabMessage message : List.of(
                new ZabMessage.Proposal(1, 2, new byte[4]),
                new ZabMessage.Inform(1, 2, new byte[4]))) {
            byte[] bytes = encode(message);
            new UnsafeBuffer(bytes).putInt(FIRST_LENGTH_AFTER_TWO_LONGS, Integer.MAX_VALUE);
            assertMalformed(bytes, "exceeds the 4 bytes remaining");
        }
        byte[] snap = encode(new ZabMessage.Snap(1, 2, new EpochSummary(2, List.of()), new byte[4]));
        new UnsafeBuffer(snap).putInt(snap.length - 8, Integer.MAX_VALUE);
        assertMalformed(snap, "exceeds the 4 bytes remaining");
    }

    @Test
    void shouldRejectAHugeEpochEndCountWithoutAllocating() {
        byte[] bytes = encode(new ZabMessage.Snap(1, 2, new EpochSummary(2, List.of(3L, 4L)), null));
        new UnsafeBuffer(bytes).putInt(SNAP_HISTORY_COUNT, Integer.MAX_VALUE);
        assertMalformed(bytes, "does not fit");
        new UnsafeBuffer(bytes).putInt(SNAP_HISTORY_COUNT, 3);
        assertMalformed(bytes, "does not fit");
    }

    @Test
    void shouldRejectNegativeLengthsAndCounts() {
        byte[] proposal = encode(new ZabMessage.Proposal(1, 2, new byte[0]));
        new UnsafeBuffer(proposal).putInt(FIRST_LENGTH_AFTER_TWO_LONGS, -1);
        assertMalformed(proposal, "negative byte array length -1");

        byte[] snap = encode(new ZabMessage.Snap(1, 2, new EpochSummary(2, List.of()), new byte[0]));
        new UnsafeBuffer(snap).putInt(snap.length - 4, -2);
        assertMalformed(snap, "negative byte array length -2");

        byte[] history = encode(new ZabMessage.Snap(1, 2, new EpochSummary(2, List.of()), null));
        new UnsafeBuffer(history).putInt(SNAP_HISTORY_COUNT, Integer.MIN_VALUE);
        assertMalformed(history, "epoch end count " + Integer.MIN_VALUE);
    }

    @Test
    void shouldRejectEpochEndsNotStrictlyAscending() {
        long first = Zxid.of(2, 5);
        for (long second : new long[] {first, first - 1, Long.MIN_VALUE}) {
            byte[] bytes = encode(new ZabMessage.Snap(1, 2, new EpochSummary(2, List.of(first, Zxid.of(3, 1))), null));
            new UnsafeBuffer(bytes).putLong(SNAP_HISTORY_COUNT + 4 + 8, second);
            assertMalformed(bytes, "not strictly ascending");
        }
    }

    @Test
    void shouldRefuseToEncodeEpochEndsNotStrictlyAscending() {
        ZabMessage message = new ZabMessage.FollowerInfo(1, new EpochSummary(0, List.of(5L, 5L)), 0, false);
        assertThatThrownBy(() -> ZabCodec.encode(message, new ExpandableArrayBuffer(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not strictly ascending");
    }

    @Test
    void shouldRejectUnknownTypes() {
        for (int type : new int[] {14, 31}) {
            assertMalformed(new byte[] {(byte) type, 0, 0, 0, 0, 0, 0, 0, 0}, "unknown ZAB message type " + type);
        }
        for (int type : new int[] {0, 32, 127, -1, -128}) {
            assertMalformed(new byte[] {(byte) type, 0, 0, 0, 0, 0, 0, 0, 0}, "not a ZAB message type");
        }
    }

    @Test
    void shouldRejectAnUnknownPeerStateOrdinal() {
        for (int ordinal : new int[] {PeerState.values().length, -1, 127}) {
            byte[] bytes = encode(new ZabMessage.Notification(new Vote(1, 2, 3), 4, PeerState.LOOKING));
            bytes[NOTIFICATION_STATE] = (byte) ordinal;
            assertMalformed(bytes, "unknown peer state ordinal " + ordinal);
        }
    }

    @Test
    void shouldRejectABooleanOtherThanZeroOrOne() {
        byte[] bytes = encode(new ZabMessage.Ack(1, 2, true));
        bytes[ACK_NEW_LEADER] = 2;
        assertMalformed(bytes, "bad boolean 2");
    }

    @Test
    void shouldRejectARangeOutsideTheBufferOrAnEmptyMessage() {
        UnsafeBuffer buffer = new UnsafeBuffer(encode(new ZabMessage.LeaderInfo(7)));
        assertThatThrownBy(() -> ZabCodec.decode(buffer, 0, 10)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("does not lie within");
        assertThatThrownBy(() -> ZabCodec.decode(buffer, 5, Integer.MAX_VALUE)).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> ZabCodec.decode(buffer, -1, 9)).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> ZabCodec.decode(buffer, 0, -1)).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> ZabCodec.decode(buffer, 9, 0)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("empty message");
    }

    private static void assertRoundTrips(ZabMessage message, ExpandableArrayBuffer buffer, int offset, int length) {
        ZabMessage decoded = ZabCodec.decode(buffer, offset, length);
        assertThat(decoded).isInstanceOf(message.getClass());
        assertThat(decoded).usingRecursiveComparison()
                .withEqualsForType(Arrays::equals, byte[].class)
                .isEqualTo(message);
    }

    /** Fails unless the first {@code cut} bytes of an encoding are rejected as malformed. */
    private static void assertRejectsPrefix(ZabMessage message, ExpandableArrayBuffer buffer, int cut) {
        try {
            ZabCodec.decode(buffer, 0, cut);
        } catch (MalformedMessageException expected) {
            return;
        }
        fail("decoded a prefix of " + cut + " bytes of " + message.getClass().getSimpleName());
    }

    private static void assertMalformed(byte[] bytes, String messagePart) {
        assertThatThrownBy(() -> ZabCodec.decode(new UnsafeBuffer(bytes), 0, bytes.length))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(messagePart);
    }

    /** True if {@code bytes} decode; false if rejected as malformed; any other throwable propagates. */
    private static boolean decodesOrIsMalformed(byte[] bytes) {
        try {
            ZabMessage message = ZabCodec.decode(new UnsafeBuffer(bytes), 0, bytes.length);
            assertThat(encode(message)).as("re-encoding of %s", message).isEqualTo(bytes);
            return true;
        } catch (MalformedMessageException expected) {
            return false;
        }
    }

    private static byte[] encode(ZabMessage message) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        int length = ZabCodec.encode(message, buffer, 0);
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    private static List<ZabMessage> largeMessages(Random r) {
        return List.of(
                new ZabMessage.Snap(r.nextLong(), r.nextLong(), randomHistory(r, 10_000), randomBytes(r, MIB)),
                new ZabMessage.Proposal(r.nextLong(), r.nextLong(), randomBytes(r, MIB)),
                new ZabMessage.Inform(r.nextLong(), r.nextLong(), randomBytes(r, MIB + 17)));
    }

    private static ZabMessage randomMessage(Random r, int type, int maxBytes) {
        return switch (type) {
            case 0 -> new ZabMessage.Notification(new Vote(r.nextInt(), r.nextLong(), r.nextLong()), r.nextLong(),
                    PeerState.values()[r.nextInt(PeerState.values().length)]);
            case 1 -> new ZabMessage.FollowerInfo(r.nextLong(), randomHistory(r, 6), r.nextLong(), r.nextBoolean());
            case 2 -> new ZabMessage.LeaderInfo(r.nextLong());
            case 3 -> new ZabMessage.AckEpoch(r.nextLong(), r.nextLong(), randomHistory(r, 6), r.nextLong());
            case 4 -> new ZabMessage.Trunc(r.nextLong(), r.nextLong());
            case 5 -> new ZabMessage.Snap(r.nextLong(), r.nextLong(), randomHistory(r, 6),
                    r.nextInt(4) == 0 ? null : randomBytes(r, r.nextInt(maxBytes + 1)));
            case 6 -> new ZabMessage.Proposal(r.nextLong(), r.nextLong(), randomBytes(r, r.nextInt(maxBytes + 1)));
            case 7 -> new ZabMessage.NewLeader(r.nextLong(), r.nextLong());
            case 8 -> new ZabMessage.Ack(r.nextLong(), r.nextLong(), r.nextBoolean());
            case 9 -> new ZabMessage.UpToDate(r.nextLong(), r.nextLong());
            case 10 -> new ZabMessage.Commit(r.nextLong(), r.nextLong());
            case 11 -> new ZabMessage.Inform(r.nextLong(), r.nextLong(), randomBytes(r, r.nextInt(maxBytes + 1)));
            case 12 -> new ZabMessage.Ping(r.nextLong(), r.nextLong());
            default -> throw new IllegalArgumentException("no message type " + type);
        };
    }

    /** A history of up to {@code maxEnds} strictly ascending epoch ends (sometimes none). */
    private static EpochSummary randomHistory(Random r, int maxEnds) {
        int count = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(maxEnds);
        TreeSet<Long> ends = new TreeSet<>();
        while (ends.size() < count) {
            ends.add(r.nextBoolean() ? r.nextLong() : Zxid.of(r.nextInt(1 << 16), r.nextInt()));
        }
        return new EpochSummary(r.nextLong(), new ArrayList<>(ends));
    }

    private static byte[] randomBytes(Random r, int length) {
        byte[] bytes = new byte[length];
        r.nextBytes(bytes);
        return bytes;
    }
}
