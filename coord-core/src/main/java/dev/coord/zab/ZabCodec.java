package dev.coord.zab;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import dev.coord.codec.BoundedReader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static dev.coord.zab.ZabMessageDescriptor.ACK;
import static dev.coord.zab.ZabMessageDescriptor.ACK_EPOCH;
import static dev.coord.zab.ZabMessageDescriptor.BODY_OFFSET;
import static dev.coord.zab.ZabMessageDescriptor.COMMIT;
import static dev.coord.zab.ZabMessageDescriptor.FOLLOWER_INFO;
import static dev.coord.zab.ZabMessageDescriptor.INFORM;
import static dev.coord.zab.ZabMessageDescriptor.LEADER_INFO;
import static dev.coord.zab.ZabMessageDescriptor.MAX_ZAB_TYPE;
import static dev.coord.zab.ZabMessageDescriptor.MIN_ZAB_TYPE;
import static dev.coord.zab.ZabMessageDescriptor.NEW_LEADER;
import static dev.coord.zab.ZabMessageDescriptor.NOTIFICATION;
import static dev.coord.zab.ZabMessageDescriptor.NULL_LENGTH;
import static dev.coord.zab.ZabMessageDescriptor.PING;
import static dev.coord.zab.ZabMessageDescriptor.PROPOSAL;
import static dev.coord.zab.ZabMessageDescriptor.SNAP;
import static dev.coord.zab.ZabMessageDescriptor.TRUNC;
import static dev.coord.zab.ZabMessageDescriptor.TYPE_OFFSET;
import static dev.coord.zab.ZabMessageDescriptor.UP_TO_DATE;

/**
 * ZabCodec encodes and decodes ZAB messages in the layout of {@link ZabMessageDescriptor}.
 *
 * <p>Encoding writes only through {@link MutableDirectBuffer} puts, so an
 * {@code ExpandableArrayBuffer} grows to fit; a fixed buffer that is too small throws Agrona's
 * {@link IndexOutOfBoundsException}. Decoding never trusts its input: a truncated message, an unknown
 * type or enum ordinal, a negative or oversized length or count, trailing bytes or epoch ends out of
 * order throw {@link MalformedMessageException}, and never an index error or an allocation larger
 * than the bytes the message still holds. The codec keeps no state; any thread may call it.
 */
public final class ZabCodec {
    private static final PeerState[] PEER_STATES = PeerState.values();

    private ZabCodec() {
    }

    /** True if {@code type} is a type byte reserved for ZAB messages, rather than an I/O shell frame. */
    public static boolean isZabType(byte type) {
        return type >= MIN_ZAB_TYPE && type <= MAX_ZAB_TYPE;
    }

    /**
     * Writes {@code message} at {@code offset}; returns the bytes written.
     *
     * @throws IllegalArgumentException if a history's epoch ends are not strictly ascending (the
     *                                  decoder would reject them)
     * @throws NullPointerException     if a field other than {@code Snap.snapshot} is null
     */
    public static int encode(ZabMessage message, MutableDirectBuffer buffer, int offset) {
        Writer writer = new Writer(buffer, offset);
        if (!encodeElectionAndSync(message, writer)) {
            encodeBroadcast(message, writer);
        }
        return writer.at - offset;
    }

    private static boolean encodeElectionAndSync(ZabMessage message, Writer w) {
        if (message instanceof ZabMessage.Notification n) {
            Vote vote = n.vote();
            w.putByte(NOTIFICATION).putInt(vote.leaderId()).putLong(vote.epoch()).putLong(vote.zxid())
                    .putLong(n.round()).putByte((byte) n.state().ordinal());
        } else if (message instanceof ZabMessage.FollowerInfo f) {
            w.putByte(FOLLOWER_INFO).putLong(f.acceptedEpoch()).putHistory(f.history())
                    .putLong(f.lastCommitted()).putBool(f.observer());
        } else if (message instanceof ZabMessage.LeaderInfo l) {
            w.putByte(LEADER_INFO).putLong(l.epoch());
        } else if (message instanceof ZabMessage.AckEpoch a) {
            w.putByte(ACK_EPOCH).putLong(a.epoch()).putLong(a.currentEpoch()).putHistory(a.history())
                    .putLong(a.lastCommitted());
        } else if (message instanceof ZabMessage.Trunc t) {
            w.putByte(TRUNC).putLong(t.epoch()).putLong(t.zxid());
        } else if (message instanceof ZabMessage.Snap s) {
            w.putByte(SNAP).putLong(s.epoch()).putLong(s.zxid()).putHistory(s.history())
                    .putNullableBytes(s.snapshot());
        } else if (message instanceof ZabMessage.NewLeader n) {
            w.putByte(NEW_LEADER).putLong(n.epoch()).putLong(n.syncedUpTo());
        } else {
            return false;
        }
        return true;
    }

    private static void encodeBroadcast(ZabMessage message, Writer w) {
        if (message instanceof ZabMessage.Proposal p) {
            w.putByte(PROPOSAL).putLong(p.epoch()).putLong(p.zxid()).putBytes(p.payload(), "proposal payload");
        } else if (message instanceof ZabMessage.Ack a) {
            w.putByte(ACK).putLong(a.epoch()).putLong(a.zxid()).putBool(a.newLeader());
        } else if (message instanceof ZabMessage.UpToDate u) {
            w.putByte(UP_TO_DATE).putLong(u.epoch()).putLong(u.committed());
        } else if (message instanceof ZabMessage.Commit c) {
            w.putByte(COMMIT).putLong(c.epoch()).putLong(c.zxid());
        } else if (message instanceof ZabMessage.Inform i) {
            w.putByte(INFORM).putLong(i.epoch()).putLong(i.zxid()).putBytes(i.payload(), "inform payload");
        } else if (message instanceof ZabMessage.Ping p) {
            w.putByte(PING).putLong(p.epoch()).putLong(p.committed());
        } else {
            throw new IllegalArgumentException("unknown message " + message);
        }
    }

    /**
     * Decodes the message of exactly {@code length} bytes at {@code offset}.
     *
     * @throws MalformedMessageException if those bytes are not one valid encoding, or do not lie
     *                                   within the buffer
     */
    public static ZabMessage decode(DirectBuffer buffer, int offset, int length) {
        if (offset < 0 || length < 0 || (long) offset + length > buffer.capacity()) {
            throw new MalformedMessageException("message of " + length + " bytes at offset " + offset
                    + " does not lie within a buffer of " + buffer.capacity() + " bytes");
        }
        if (length < BODY_OFFSET) {
            throw new MalformedMessageException("empty message: no type byte");
        }
        Reader reader = new Reader(buffer, offset + TYPE_OFFSET, offset + length);
        ZabMessage message = reader.message();
        if (reader.remaining() != 0) {
            throw new MalformedMessageException(reader.remaining() + " trailing bytes after "
                    + message.getClass().getSimpleName());
        }
        return message;
    }

    /** Writer puts fields one after another from a cursor; an expandable buffer grows as it goes. */
    private static final class Writer {
        private final MutableDirectBuffer buffer;
        private int at;

        Writer(MutableDirectBuffer buffer, int at) {
            this.buffer = buffer;
            this.at = at;
        }

        Writer putByte(byte value) {
            buffer.putByte(at, value);
            at += 1;
            return this;
        }

        Writer putBool(boolean value) {
            return putByte((byte) (value ? 1 : 0));
        }

        Writer putInt(int value) {
            buffer.putInt(at, value);
            at += 4;
            return this;
        }

        Writer putLong(long value) {
            buffer.putLong(at, value);
            at += 8;
            return this;
        }

        Writer putBytes(byte[] bytes, String field) {
            Objects.requireNonNull(bytes, field);
            putInt(bytes.length);
            buffer.putBytes(at, bytes);
            at += bytes.length;
            return this;
        }

        Writer putNullableBytes(byte[] bytes) {
            return bytes == null ? putInt(NULL_LENGTH) : putBytes(bytes, "snapshot");
        }

        Writer putHistory(EpochSummary history) {
            List<Long> ends = history.epochEnds();
            for (int i = 1; i < ends.size(); i++) {
                if (ends.get(i - 1) >= ends.get(i)) {
                    throw new IllegalArgumentException("epoch ends not strictly ascending: " + ends);
                }
            }
            putLong(history.base()).putInt(ends.size());
            for (long end : ends) {
                putLong(end);
            }
            return this;
        }
    }

    /** Reader decodes a message's fields with bounds checks against its end; it never trusts a length. */
    private static final class Reader extends BoundedReader {
        Reader(DirectBuffer buffer, int at, int end) {
            super(buffer, at, end, "message");
        }

        @Override
        protected RuntimeException malformed(String message) {
            return new MalformedMessageException(message);
        }

        ZabMessage message() {
            byte type = getByte();
            switch (type) {
                case NOTIFICATION:
                    return new ZabMessage.Notification(new Vote(getInt(), getLong(), getLong()), getLong(), peerState());
                case FOLLOWER_INFO:
                    return new ZabMessage.FollowerInfo(getLong(), history(), getLong(), bool());
                case LEADER_INFO:
                    return new ZabMessage.LeaderInfo(getLong());
                case ACK_EPOCH:
                    return new ZabMessage.AckEpoch(getLong(), getLong(), history(), getLong());
                case TRUNC:
                    return new ZabMessage.Trunc(getLong(), getLong());
                case SNAP:
                    return new ZabMessage.Snap(getLong(), getLong(), history(), nullableBytes());
                case PROPOSAL:
                    return new ZabMessage.Proposal(getLong(), getLong(), bytes());
                case NEW_LEADER:
                    return new ZabMessage.NewLeader(getLong(), getLong());
                case ACK:
                    return new ZabMessage.Ack(getLong(), getLong(), bool());
                case UP_TO_DATE:
                    return new ZabMessage.UpToDate(getLong(), getLong());
                case COMMIT:
                    return new ZabMessage.Commit(getLong(), getLong());
                case INFORM:
                    return new ZabMessage.Inform(getLong(), getLong(), bytes());
                case PING:
                    return new ZabMessage.Ping(getLong(), getLong());
                default:
                    throw new MalformedMessageException(isZabType(type)
                            ? "unknown ZAB message type " + type
                            : "type " + type + " is not a ZAB message type");
            }
        }

        private EpochSummary history() {
            long base = getLong();
            int count = getInt();
            if (count < 0 || count > remaining() / 8) {
                throw new MalformedMessageException("epoch end count " + count + " does not fit the "
                        + remaining() + " bytes remaining");
            }
            List<Long> ends = new ArrayList<>(count);
            long previous = 0;
            for (int i = 0; i < count; i++) {
                long zxid = getLong();
                if (i > 0 && zxid <= previous) {
                    throw new MalformedMessageException("epoch ends not strictly ascending: "
                            + Zxid.hex(zxid) + " follows " + Zxid.hex(previous));
                }
                ends.add(zxid);
                previous = zxid;
            }
            return new EpochSummary(base, ends);
        }

        private PeerState peerState() {
            byte ordinal = getByte();
            if (ordinal < 0 || ordinal >= PEER_STATES.length) {
                throw new MalformedMessageException("unknown peer state ordinal " + ordinal);
            }
            return PEER_STATES[ordinal];
        }

        byte[] nullableBytes() {
            int length = getInt();
            if (length == NULL_LENGTH) {
                return null;
            }
            if (length < 0) {
                throw new MalformedMessageException("negative byte array length " + length
                        + " (only " + NULL_LENGTH + ", meaning null, is allowed)");
            }
            return bytesOf(length);
        }
    }
}
