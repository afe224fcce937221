package dev.coord.txn;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import dev.coord.Acl;
import dev.coord.codec.BoundedReader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static dev.coord.txn.TxnDescriptor.BODY_OFFSET;
import static dev.coord.txn.TxnDescriptor.CHECK;
import static dev.coord.txn.TxnDescriptor.CLOSE_SESSION;
import static dev.coord.txn.TxnDescriptor.CREATE;
import static dev.coord.txn.TxnDescriptor.CREATE_ACL;
import static dev.coord.txn.TxnDescriptor.CREATE_SESSION;
import static dev.coord.txn.TxnDescriptor.DELETE;
import static dev.coord.txn.TxnDescriptor.MULTI;
import static dev.coord.txn.TxnDescriptor.SET_ACL;
import static dev.coord.txn.TxnDescriptor.SET_DATA;
import static dev.coord.txn.TxnDescriptor.TIME_OFFSET;
import static dev.coord.txn.TxnDescriptor.TYPE_OFFSET;

/**
 * TxnCodec encodes and decodes transactions in the layout of {@link TxnDescriptor}.
 *
 * <p>Decoding never trusts its input: a truncated, oversized or unknown record throws
 * {@link MalformedTxnException} and never an unchecked index error or an allocation beyond the
 * record's own length.
 */
public final class TxnCodec {
    private TxnCodec() {
    }

    /** Writes {@code txn} with {@code timeMs} at {@code offset}; returns the bytes written. */
    public static int encode(long timeMs, Txn txn, MutableDirectBuffer buffer, int offset) {
        buffer.putLong(offset + TIME_OFFSET, timeMs);
        return TYPE_OFFSET + encodeOp(txn, buffer, offset + TYPE_OFFSET);
    }

    private static int encodeOp(Txn txn, MutableDirectBuffer buffer, int offset) {
        int at = offset + 1;
        if (txn instanceof Txn.Create c) {
            boolean openAcl = isOpen(c.acl());
            buffer.putByte(offset, openAcl ? CREATE : CREATE_ACL);
            at = putString(buffer, at, c.path());
            at = putBytes(buffer, at, c.data());
            buffer.putByte(at++, (byte) c.kind().ordinal());
            buffer.putByte(at++, (byte) (c.sequential() ? 1 : 0));
            buffer.putLong(at, c.ephemeralOwner());
            buffer.putLong(at + 8, c.ttlMs());
            at += 16;
            if (!openAcl) {
                at = putAcl(buffer, at, c.acl());
            }
        } else if (txn instanceof Txn.SetAcl s) {
            buffer.putByte(offset, SET_ACL);
            at = putString(buffer, at, s.path());
            at = putAcl(buffer, at, s.acl());
            buffer.putInt(at, s.expectedAversion());
            at += 4;
        } else if (txn instanceof Txn.Delete d) {
            buffer.putByte(offset, DELETE);
            at = putString(buffer, at, d.path());
            buffer.putInt(at, d.expectedVersion());
            at += 4;
        } else if (txn instanceof Txn.SetData s) {
            buffer.putByte(offset, SET_DATA);
            at = putString(buffer, at, s.path());
            at = putBytes(buffer, at, s.data());
            buffer.putInt(at, s.expectedVersion());
            at += 4;
        } else if (txn instanceof Txn.Check c) {
            buffer.putByte(offset, CHECK);
            at = putString(buffer, at, c.path());
            buffer.putInt(at, c.expectedVersion());
            at += 4;
        } else if (txn instanceof Txn.Multi m) {
            buffer.putByte(offset, MULTI);
            buffer.putInt(at, m.ops().size());
            at += 4;
            for (Txn op : m.ops()) {
                at += encodeOp(op, buffer, at);
            }
        } else if (txn instanceof Txn.CreateSession s) {
            buffer.putByte(offset, CREATE_SESSION);
            buffer.putLong(at, s.timeoutMs());
            buffer.putInt(at + 8, s.ownerPeerId());
            at += 12;
        } else if (txn instanceof Txn.CloseSession s) {
            buffer.putByte(offset, CLOSE_SESSION);
            buffer.putLong(at, s.sessionId());
            at += 8;
        } else {
            throw new IllegalArgumentException("unknown txn " + txn);
        }
        return at - offset;
    }

    /** The time stored in an encoded transaction. */
    public static long decodeTime(DirectBuffer buffer, int offset, int length) {
        if (length < BODY_OFFSET) {
            throw new MalformedTxnException("record of " + length + " bytes is shorter than a txn header");
        }
        return buffer.getLong(offset + TIME_OFFSET);
    }

    /** Decodes the transaction of an encoded record of {@code length} bytes. */
    public static Txn decode(DirectBuffer buffer, int offset, int length) {
        if (length < BODY_OFFSET) {
            throw new MalformedTxnException("record of " + length + " bytes is shorter than a txn header");
        }
        Reader reader = new Reader(buffer, offset + TYPE_OFFSET, offset + length);
        Txn txn = reader.op(true);
        if (reader.remaining() != 0) {
            throw new MalformedTxnException(reader.remaining() + " trailing bytes after txn");
        }
        return txn;
    }

    private static boolean isOpen(List<Acl> acl) {
        return acl.size() == 1 && acl.get(0).equals(Acl.OPEN_ACL_UNSAFE.get(0));
    }

    private static int putAcl(MutableDirectBuffer buffer, int at, List<Acl> acl) {
        buffer.putInt(at, acl.size());
        at += 4;
        for (Acl entry : acl) {
            buffer.putInt(at, entry.perms());
            at = putString(buffer, at + 4, entry.scheme());
            at = putString(buffer, at, entry.id());
        }
        return at;
    }

    private static int putString(MutableDirectBuffer buffer, int at, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return putBytes(buffer, at, bytes);
    }

    private static int putBytes(MutableDirectBuffer buffer, int at, byte[] bytes) {
        buffer.putInt(at, bytes.length);
        buffer.putBytes(at + 4, bytes);
        return at + 4 + bytes.length;
    }

    /** Reader decodes a transaction with bounds checks against the record's end. */
    private static final class Reader extends BoundedReader {
        Reader(DirectBuffer buffer, int at, int end) {
            super(buffer, at, end, "record");
        }

        @Override
        protected RuntimeException malformed(String message) {
            return new MalformedTxnException(message);
        }

        Txn op(boolean multiAllowed) {
            byte type = getByte();
            switch (type) {
                case CREATE:
                case CREATE_ACL: {
                    String path = string();
                    byte[] data = bytes();
                    NodeKind kind = kind(getByte());
                    boolean sequential = bool();
                    long owner = getLong();
                    long ttlMs = getLong();
                    List<Acl> acl = type == CREATE ? Acl.OPEN_ACL_UNSAFE : acl();
                    return new Txn.Create(path, data, kind, sequential, owner, ttlMs, acl);
                }
                case SET_ACL:
                    return new Txn.SetAcl(string(), acl(), getInt());
                case DELETE:
                    return new Txn.Delete(string(), getInt());
                case SET_DATA:
                    return new Txn.SetData(string(), bytes(), getInt());
                case CHECK:
                    return new Txn.Check(string(), getInt());
                case MULTI:
                    if (!multiAllowed) {
                        throw new MalformedTxnException("nested multi");
                    }
                    return multi();
                case CREATE_SESSION:
                    return new Txn.CreateSession(getLong(), getInt());
                case CLOSE_SESSION:
                    return new Txn.CloseSession(getLong());
                default:
                    throw new MalformedTxnException("unknown txn type " + type);
            }
        }

        private Txn multi() {
            int count = getInt();
            // Each op takes at least 5 bytes: never allocate more than the record can hold.
            if (count < 0 || count > remaining() / 5) {
                throw new MalformedTxnException("multi op count " + count + " does not fit the record");
            }
            List<Txn> ops = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ops.add(op(false));
            }
            return new Txn.Multi(ops);
        }

        private List<Acl> acl() {
            int count = getInt();
            // Each entry takes at least 12 bytes: never allocate more than the record can hold.
            if (count < 1 || count > remaining() / 12) {
                throw new MalformedTxnException("ACL entry count " + count + " does not fit the record");
            }
            List<Acl> acl = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int perms = getInt();
                acl.add(new Acl(string(), string(), perms));
            }
            return acl;
        }

        private static NodeKind kind(byte b) {
            try {
                return NodeKind.ofOrdinal(b);
            } catch (IllegalArgumentException e) {
                throw new MalformedTxnException(e.getMessage());
            }
        }
    }
}
