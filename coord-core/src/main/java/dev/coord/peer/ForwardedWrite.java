package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.Op;
import dev.coord.tree.TxnPreparer;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.util.ArrayList;
import java.util.List;

/**
 * ForwardedWrite is the leader's check of a write a learner forwarded. The learner prepared it with
 * its own {@link TxnPreparer}; the leader does not take that on trust (a learner with other limits, a
 * bug, or a compromised but authenticated peer could send what no peer accepts from its own client),
 * so it prepares the transaction again from the forwarded fields with its own preparer: path rules,
 * {@code maxDataBytes}, ACL syntax (and "auth" expansion with the forwarded identities), mode, TTL
 * and sequential rules are the ones a local request meets, with the same exceptions. The leader then
 * proposes the transaction it prepared itself, never the one it received.
 *
 * <p>What only the forwarding peer could have filled in is checked against the frame: an ephemeral's
 * owner must be the forwarding session, a session open must name the forwarding peer as its owner,
 * and a session close must close the forwarding session.
 *
 * <p>Pure; called on the leader's agent thread.
 */
final class ForwardedWrite {
    private ForwardedWrite() {
    }

    /**
     * The transaction to propose for {@code txn}, forwarded by peer {@code originPeer} for session
     * {@code sessionId} whose identities are {@code authDigests}.
     *
     * @throws CoordException the error a local request with the same arguments gets (a
     *         {@link CoordException.BadArgumentsException} or {@link CoordException.InvalidAclException}
     *         naming the path and the rule), or a BadArgumentsException naming what does not match the frame
     */
    static Txn recheck(TxnPreparer preparer, Txn txn, int originPeer, long sessionId, List<String> authDigests) {
        if (txn instanceof Txn.CreateSession open) {
            if (open.ownerPeerId() != originPeer) {
                throw new CoordException.BadArgumentsException(null, "peer " + originPeer
                        + " forwarded a session open owned by peer " + open.ownerPeerId());
            }
            return open;
        }
        if (txn instanceof Txn.CloseSession close) {
            if (close.sessionId() != sessionId) {
                throw new CoordException.BadArgumentsException(null, "session 0x" + Long.toHexString(sessionId)
                        + " forwarded the close of another session, 0x" + Long.toHexString(close.sessionId()));
            }
            return close;
        }
        if (txn instanceof Txn.Multi multi) {
            List<Op> ops = new ArrayList<>(multi.ops().size());
            for (Txn op : multi.ops()) {
                ops.add(op(op, sessionId));
            }
            return preparer.multi(ops, sessionId, authDigests);
        }
        if (txn instanceof Txn.Create c) {
            requireOwner(c, sessionId);
            return preparer.create(c.path(), c.data(), c.acl(), modeOf(c), c.ttlMs(), sessionId, authDigests);
        }
        if (txn instanceof Txn.SetAcl s) {
            return preparer.setAcl(s.path(), s.acl(), s.expectedAversion(), authDigests);
        }
        if (txn instanceof Txn.Delete d) {
            return preparer.delete(d.path(), d.expectedVersion());
        }
        if (txn instanceof Txn.SetData s) {
            return preparer.setData(s.path(), s.data(), s.expectedVersion());
        }
        Txn.Check c = (Txn.Check) txn;
        return preparer.check(c.path(), c.expectedVersion());
    }

    /** The op a multi's transaction {@code txn} was prepared from. */
    private static Op op(Txn txn, long sessionId) {
        if (txn instanceof Txn.Create c) {
            requireOwner(c, sessionId);
            return new Op.Create(c.path(), c.data(), modeOf(c), c.ttlMs(), c.acl());
        }
        if (txn instanceof Txn.Delete d) {
            return new Op.Delete(d.path(), d.expectedVersion());
        }
        if (txn instanceof Txn.SetData s) {
            return new Op.SetData(s.path(), s.data(), s.expectedVersion());
        }
        if (txn instanceof Txn.Check c) {
            return new Op.Check(c.path(), c.expectedVersion());
        }
        throw new CoordException.BadArgumentsException(null, "a multi holds only create, delete, setData and check; a "
                + txn.getClass().getSimpleName() + " was forwarded in one");
    }

    private static void requireOwner(Txn.Create c, long sessionId) {
        long expected = c.kind() == NodeKind.EPHEMERAL ? sessionId : 0;
        if (c.ephemeralOwner() != expected) {
            throw new CoordException.BadArgumentsException(c.path(), "create of " + c.path() + " was forwarded by session 0x"
                    + Long.toHexString(sessionId) + " with ephemeral owner 0x" + Long.toHexString(c.ephemeralOwner()));
        }
    }

    /** The create mode that makes a node of {@code c}'s kind, sequential or not. */
    private static CreateMode modeOf(Txn.Create c) {
        for (CreateMode mode : CreateMode.values()) {
            if (NodeKind.of(mode) == c.kind() && mode.isSequential() == c.sequential()) {
                return mode;
            }
        }
        throw new CoordException.BadArgumentsException(c.path(), "create of " + c.path() + ": no create mode makes a "
                + (c.sequential() ? "sequential " : "") + c.kind() + " node");
    }
}
