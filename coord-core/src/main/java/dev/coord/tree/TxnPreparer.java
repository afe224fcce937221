package dev.coord.tree;

import dev.coord.Acl;
import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.Op;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.util.ArrayList;
import java.util.List;

/**
 * TxnPreparer turns a session's write request into a {@link Txn}, rejecting bad arguments (path
 * syntax, data size, mode and TTL, the root) with a {@link CoordException.BadArgumentsException} that
 * names the path and the rule, and ACLs with an {@link CoordException.InvalidAclException}; the "auth"
 * entries of an ACL become the session's identities ({@code authDigests}) here, on the session's peer. Checks that depend on the tree (existence, versions, parents) are made
 * when the transaction is applied. Data arrays are taken as given: callers pass arrays nobody else
 * changes (the peer copies the application's data when a request is made).
 */
public final class TxnPreparer {
    /** The largest TTL ZooKeeper accepts (40 bits of milliseconds, about 34 years). */
    public static final long MAX_TTL_MS = 0xFF_FFFF_FFFFL;

    private final int maxDataBytes;

    /** A preparer that rejects data longer than {@code maxDataBytes}. */
    public TxnPreparer(int maxDataBytes) {
        this.maxDataBytes = maxDataBytes;
    }

    /** A create by session {@code sessionId} with the default ACL; null data means empty data. */
    public Txn.Create create(String path, byte[] data, CreateMode mode, long ttlMs, long sessionId) {
        return create(path, data, Acl.OPEN_ACL_UNSAFE, mode, ttlMs, sessionId, List.of());
    }

    /**
     * A create with {@code acl} by session {@code sessionId}, whose digest identities are
     * {@code authDigests}; null data means empty data.
     */
    public Txn.Create create(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMs, long sessionId,
                             List<String> authDigests) {
        if (mode == null) {
            throw new CoordException.BadArgumentsException(path, "create of " + path + ": the mode is null");
        }
        if (mode.isSequential()) {
            if (PathRules.ROOT.equals(path)) {
                throw new CoordException.BadArgumentsException(path, "a sequential node cannot be created at the root path \"/\"");
            }
            PathRules.validateSequentialPrefix(path);
        } else {
            PathRules.validate(path);
        }
        if (mode.isTtl()) {
            if (ttlMs <= 0 || ttlMs > MAX_TTL_MS) {
                throw new CoordException.BadArgumentsException(path,
                        "create of " + path + " with mode " + mode + ": ttlMs must be in 1.." + MAX_TTL_MS + ", was " + ttlMs);
            }
        } else if (ttlMs != 0) {
            throw new CoordException.BadArgumentsException(path,
                    "create of " + path + " with mode " + mode + ": a TTL is allowed only with the *_WITH_TTL modes, was " + ttlMs);
        }
        byte[] checked = checkData(path, data);
        List<Acl> stored = AclRules.validate(path, acl, authDigests);
        return new Txn.Create(path, checked, NodeKind.of(mode), mode.isSequential(),
                mode.isEphemeral() ? sessionId : 0, mode.isTtl() ? ttlMs : 0, stored);
    }

    /** A setACL of {@code path} if its ACL version matches, by a session with {@code authDigests}. */
    public Txn.SetAcl setAcl(String path, List<Acl> acl, int aversion, List<String> authDigests) {
        PathRules.validate(path);
        return new Txn.SetAcl(path, AclRules.validate(path, acl, authDigests), aversion);
    }

    /** A delete of {@code path} if its version matches. */
    public Txn.Delete delete(String path, int version) {
        PathRules.validate(path);
        if (PathRules.ROOT.equals(path)) {
            throw new CoordException.BadArgumentsException(path, "the root node \"/\" cannot be deleted");
        }
        return new Txn.Delete(path, version);
    }

    /** A setData of {@code path} if its version matches; null data means empty data. */
    public Txn.SetData setData(String path, byte[] data, int version) {
        PathRules.validate(path);
        return new Txn.SetData(path, checkData(path, data), version);
    }

    /** A check of {@code path}'s version. */
    public Txn.Check check(String path, int version) {
        PathRules.validate(path);
        return new Txn.Check(path, version);
    }

    /**
     * A multi of {@code ops}; a bad argument in any op throws the multi's failure (with per-op results)
     * for that op.
     */
    public Txn.Multi multi(List<Op> ops, long sessionId) {
        return multi(ops, sessionId, List.of());
    }

    /** As {@link #multi(List, long)}, by a session with the digest identities {@code authDigests}. */
    public Txn.Multi multi(List<Op> ops, long sessionId, List<String> authDigests) {
        if (ops == null) {
            throw new CoordException.BadArgumentsException(null, "multi: the ops list is null");
        }
        List<Txn> txns = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            try {
                txns.add(op(ops.get(i), sessionId, authDigests));
            } catch (CoordException e) {
                throw TreeEditor.multiFailure(e, ops.size(), i);
            }
        }
        return new Txn.Multi(txns);
    }

    private Txn op(Op op, long sessionId, List<String> authDigests) {
        if (op == null) {
            throw new CoordException.BadArgumentsException(null, "multi: an op is null");
        }
        if (op instanceof Op.Create c) {
            return create(c.path(), c.data(), c.acl(), c.mode(), c.ttlMs(), sessionId, authDigests);
        }
        if (op instanceof Op.Delete d) {
            return delete(d.path(), d.version());
        }
        if (op instanceof Op.SetData s) {
            return setData(s.path(), s.data(), s.version());
        }
        Op.Check c = (Op.Check) op;
        return check(c.path(), c.version());
    }

    private byte[] checkData(String path, byte[] data) {
        if (data == null) {
            return new byte[0];
        }
        if (data.length > maxDataBytes) {
            throw new CoordException.BadArgumentsException(path,
                    "data for " + path + " is " + data.length + " bytes, more than the limit of " + maxDataBytes);
        }
        return data;
    }
}
