package dev.coord.txn;

/**
 * TxnDescriptor is the binary layout of a transaction as logged and sent, little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    time (ms since the epoch)                  |
 *  |                          (64 bits)                            |
 *  +---------------+-----------------------------------------------+
 *  |  type (8)     |  body, by type ...                            |
 *  +---------------+-----------------------------------------------+
 *
 *  CREATE        : path(str) data(bytes) kind(8) sequential(8) ephemeralOwner(64) ttlMs(64)
 *  DELETE        : path(str) expectedVersion(32)
 *  SET_DATA      : path(str) data(bytes) expectedVersion(32)
 *  CHECK         : path(str) expectedVersion(32)
 *  MULTI         : count(32) then count ops, each: type(8) body  (no nested MULTI)
 *  CREATE_SESSION: timeoutMs(64) ownerPeerId(32)
 *  CLOSE_SESSION : sessionId(64)
 *  CREATE_ACL    : as CREATE, then acl       (a create whose ACL is not world:anyone:ALL)
 *  SET_ACL       : path(str) acl expectedAversion(32)
 *
 *  acl   = count(32) then count entries, each: perms(32) scheme(str) id(str)
 *
 *  A create with the default ACL is written as CREATE, so logs written before ACLs existed read the
 *  same, and a node they create has the default ACL.
 *  str   = length(32) then that many bytes of UTF-8
 *  bytes = length(32) then that many bytes
 * </pre>
 */
public final class TxnDescriptor {
    public static final int TIME_OFFSET = 0;
    public static final int TYPE_OFFSET = 8;
    public static final int BODY_OFFSET = 9;

    public static final byte CREATE = 1;
    public static final byte DELETE = 2;
    public static final byte SET_DATA = 3;
    public static final byte CHECK = 4;
    public static final byte MULTI = 5;
    public static final byte CREATE_SESSION = 6;
    public static final byte CLOSE_SESSION = 7;
    public static final byte CREATE_ACL = 8;
    public static final byte SET_ACL = 9;

    private TxnDescriptor() {
    }
}
