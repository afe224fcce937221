package dev.coord.zab;

/**
 * ZabMessageDescriptor is the binary layout of a {@link ZabMessage} as peers send it, little-endian
 * (Agrona's default byte order).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+-----------------------------------------------+
 *  |  type (8)     |  body, by type ...                            |
 *  +---------------+-----------------------------------------------+
 *
 *   1 NOTIFICATION  : leaderId(32) voteEpoch(64) voteZxid(64) round(64) state(8)
 *   2 FOLLOWER_INFO : acceptedEpoch(64) history lastCommitted(64) observer(bool)
 *   3 LEADER_INFO   : epoch(64)
 *   4 ACK_EPOCH     : epoch(64) currentEpoch(64) history lastCommitted(64)
 *   5 TRUNC         : epoch(64) zxid(64)
 *   6 SNAP          : epoch(64) zxid(64) history snapshot(nullable bytes)
 *   7 PROPOSAL      : epoch(64) zxid(64) payload(bytes)
 *   8 NEW_LEADER    : epoch(64) syncedUpTo(64)
 *   9 ACK           : epoch(64) zxid(64) newLeader(bool)
 *  10 UP_TO_DATE    : epoch(64) committed(64)
 *  11 COMMIT        : epoch(64) zxid(64)
 *  12 INFORM        : epoch(64) zxid(64) payload(bytes)
 *  13 PING          : epoch(64) committed(64)
 *  14..31           : reserved for ZAB; decoding one is an error
 *  32..127, &lt;0     : never ZAB; the I/O shell's own frames
 *
 *  history          = base(64) count(32) then count epochEnds, each (64), strictly ascending
 *  bytes            = length(32) then that many bytes
 *  nullable bytes   = length(32), -1 meaning null, then that many bytes
 *  bool             = 8 bits, 0 or 1
 *  state            = 8 bits, the {@link PeerState} ordinal
 * </pre>
 *
 * <p>A message is exactly its encoding: a decoder given trailing bytes rejects them.
 */
public final class ZabMessageDescriptor {
    public static final int TYPE_OFFSET = 0;
    public static final int BODY_OFFSET = 1;

    /** The length written in place of a null byte array (only {@code Snap.snapshot} may be null). */
    public static final int NULL_LENGTH = -1;

    /** The lowest type byte reserved for ZAB messages. */
    public static final byte MIN_ZAB_TYPE = 1;
    /** The highest type byte reserved for ZAB messages; the I/O shell's frames use higher ones. */
    public static final byte MAX_ZAB_TYPE = 31;

    public static final byte NOTIFICATION = 1;
    public static final byte FOLLOWER_INFO = 2;
    public static final byte LEADER_INFO = 3;
    public static final byte ACK_EPOCH = 4;
    public static final byte TRUNC = 5;
    public static final byte SNAP = 6;
    public static final byte PROPOSAL = 7;
    public static final byte NEW_LEADER = 8;
    public static final byte ACK = 9;
    public static final byte UP_TO_DATE = 10;
    public static final byte COMMIT = 11;
    public static final byte INFORM = 12;
    public static final byte PING = 13;

    private ZabMessageDescriptor() {
    }
}
