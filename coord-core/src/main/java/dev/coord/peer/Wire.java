package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.OpResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import dev.coord.codec.BoundedReader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Wire encodes the peer's own messages, which travel beside ZAB's on the same connection (types 32 and
 * up; ZAB uses 1 to 31), and the envelope in which a proposal carries its origin.
 *
 * <pre>
 *  REQUEST      (32): reqId (64) sessionId (64) txn (TxnCodec, time 0)
 *  REPLY        (33): reqId (64) code (8) failedOp (32) opCodes count (32) codes (8 each) path (str) message (str)
 *  SESSION_PING (34): count (32) sessionIds (64 each)
 *  SYNC         (35): reqId (64)
 *  SYNC_DONE    (36): reqId (64)
 *  NOT_LEADER   (37): reqId (64)   the request reached a peer that no longer leads; nothing was written
 *  REQUEST_AUTH (38): reqId (64) sessionId (64) count (32) digest ids (str each) txn (TxnCodec, time 0)
 *                     a REQUEST of a session that added identities with addAuth: the digest ids
 *                     (user:base64(sha1(user:password)), never a password) the leader checks ACLs with
 *
 *  proposal payload: originPeer (32) originReqId (64) txn (TxnCodec, with the leader's time)
 *  str = length (32, -1 for null) + UTF-8
 * </pre>
 */
final class Wire {
    static final byte REQUEST = 32;
    static final byte REPLY = 33;
    static final byte SESSION_PING = 34;
    static final byte SYNC = 35;
    static final byte SYNC_DONE = 36;
    static final byte NOT_LEADER = 37;
    static final byte REQUEST_AUTH = 38;
    /** The most digest identities one request may carry. */
    static final int MAX_DIGESTS = 1024;
    static final int ENVELOPE_HEADER = 12;

    private Wire() {
    }

    static int putString(MutableDirectBuffer b, int at, String s) {
        if (s == null) {
            b.putInt(at, -1);
            return at + 4;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putInt(at, bytes.length);
        b.putBytes(at + 4, bytes);
        return at + 4 + bytes.length;
    }

    /**
     * Encodes the header of a REQUEST (or of a REQUEST_AUTH when {@code digests} is not empty);
     * returns where the transaction goes.
     */
    static int encodeRequestHeader(MutableDirectBuffer b, long reqId, long sessionId, List<String> digests) {
        b.putByte(0, digests.isEmpty() ? REQUEST : REQUEST_AUTH);
        b.putLong(1, reqId);
        b.putLong(9, sessionId);
        if (digests.isEmpty()) {
            return 17;
        }
        b.putInt(17, digests.size());
        int at = 21;
        for (String d : digests) {
            at = putString(b, at, d);
        }
        return at;
    }

    /** Encodes a REPLY carrying {@code error}; returns the length. */
    static int encodeReply(MutableDirectBuffer b, long reqId, CoordException error) {
        b.putByte(0, REPLY);
        b.putLong(1, reqId);
        b.putByte(9, (byte) error.code().ordinal());
        b.putInt(10, error.failedOpIndex());
        List<OpResult> results = error.opResults();
        b.putInt(14, results.size());
        int at = 18;
        for (OpResult r : results) {
            b.putByte(at++, (byte) ((OpResult.Error) r).code().ordinal());
        }
        at = putString(b, at, error.path());
        return putString(b, at, error.getMessage());
    }

    /** Decodes a REPLY into the exception it carries. */
    static CoordException decodeReplyError(DirectBuffer b, int offset, int length) {
        Reader r = new Reader(b, offset + 9, offset + length);
        CoordException.Code code = code(r.getByte());
        int failedOp = r.getInt();
        int count = r.getInt();
        if (count < 0 || count > length) {
            throw new IllegalArgumentException("bad op count " + count);
        }
        List<OpResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            results.add(new OpResult.Error(code(r.getByte())));
        }
        String path = r.nullableString();
        String message = r.nullableString();
        CoordException plain = CoordException.create(code, path, message);
        return failedOp < 0 ? plain : CoordException.ofMulti(plain, results, failedOp);
    }

    private static CoordException.Code code(byte b) {
        CoordException.Code[] codes = CoordException.Code.values();
        if (b < 0 || b >= codes.length) {
            throw new IllegalArgumentException("bad error code " + b);
        }
        return codes[b];
    }

    /** Reader reads a peer message with bounds checks; a {@code -1} string length means null. */
    static final class Reader extends BoundedReader {
        Reader(DirectBuffer b, int at, int end) {
            super(b, at, end, "message");
        }

        @Override
        protected RuntimeException malformed(String message) {
            return new IllegalArgumentException(message);
        }

        /** The digest ids of a REQUEST_AUTH. */
        List<String> digests() {
            int count = getInt();
            if (count < 1 || count > MAX_DIGESTS || count > remaining() / 4) {
                throw new IllegalArgumentException("bad digest count " + count);
            }
            List<String> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(string());
            }
            return out;
        }

        String nullableString() {
            int n = getInt();
            return n == -1 ? null : stringOf(n);
        }
    }
}
