package dev.coord.peer;

import dev.coord.txn.Txn;
import dev.coord.txn.TxnCodec;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Envelope is a proposal's payload: the peer and request it came from (so that peer can answer its
 * caller when it applies the commit) and the transaction with the leader's time.
 *
 * <pre>
 *  originPeer (32) | originReqId (64) | txn (TxnCodec: time, type, body)
 * </pre>
 *
 * @param originPeer  the peer whose application issued the request (the leader for its own duties)
 * @param originReqId that peer's request id, or 0 for none
 * @param timeMs      the leader's time for the transaction
 * @param txn         the transaction
 */
record Envelope(int originPeer, long originReqId, long timeMs, Txn txn) {
    byte[] encode(ExpandableArrayBuffer scratch) {
        scratch.putInt(0, originPeer);
        scratch.putLong(4, originReqId);
        int length = Wire.ENVELOPE_HEADER + TxnCodec.encode(timeMs, txn, scratch, Wire.ENVELOPE_HEADER);
        byte[] out = new byte[length];
        scratch.getBytes(0, out);
        return out;
    }

    static Envelope decode(byte[] payload) {
        UnsafeBuffer b = new UnsafeBuffer(payload);
        int length = payload.length - Wire.ENVELOPE_HEADER;
        return new Envelope(b.getInt(0), b.getLong(4), TxnCodec.decodeTime(b, Wire.ENVELOPE_HEADER, length),
                TxnCodec.decode(b, Wire.ENVELOPE_HEADER, length));
    }
}
