package dev.coord.txn;

import dev.coord.Acl;
import java.util.List;

/**
 * Txn is one deterministic transaction of the replicated tree: what the leader turned a request into,
 * what is logged under a zxid, and what every peer applies in zxid order.
 *
 * <p>Transactions carry the request's preconditions (expected versions, the requested rather than the
 * resolved sequential name) and are checked again when applied: on the peer that prepared them they
 * decide success or the error answered; everywhere else they must hold, and a failure there means the
 * replicas diverged.
 */
public sealed interface Txn {
    /**
     * Creates a node. For a sequential create, {@code path} is the requested prefix and the applied name
     * appends the parent's cversion; {@code ephemeralOwner} is the owning session of an ephemeral, else
     * 0; {@code ttlMs} is used only by {@link NodeKind#TTL}; {@code acl} is validated, its "auth" entries
     * already expanded.
     */
    record Create(String path, byte[] data, NodeKind kind, boolean sequential, long ephemeralOwner, long ttlMs,
                  List<Acl> acl) implements Txn {
        public Create {
            acl = List.copyOf(acl);
        }

        /** A create with {@link Acl#OPEN_ACL_UNSAFE}. */
        public Create(String path, byte[] data, NodeKind kind, boolean sequential, long ephemeralOwner, long ttlMs) {
            this(path, data, kind, sequential, ephemeralOwner, ttlMs, Acl.OPEN_ACL_UNSAFE);
        }
    }

    /** Replaces a node's ACL if its ACL version is {@code expectedAversion} (-1: any). */
    record SetAcl(String path, List<Acl> acl, int expectedAversion) implements Txn {
        public SetAcl {
            acl = List.copyOf(acl);
        }
    }

    /** Deletes a childless node whose version is {@code expectedVersion} (-1: any). */
    record Delete(String path, int expectedVersion) implements Txn {
    }

    /** Replaces a node's data if its version is {@code expectedVersion} (-1: any). */
    record SetData(String path, byte[] data, int expectedVersion) implements Txn {
    }

    /** Changes nothing; holds only if the node exists with {@code expectedVersion} (-1: any). */
    record Check(String path, int expectedVersion) implements Txn {
    }

    /** Applies {@code ops} in order as one transaction: all or none. */
    record Multi(List<Txn> ops) implements Txn {
        public Multi {
            ops = List.copyOf(ops);
        }
    }

    /** Opens a session whose id is the zxid of this transaction. */
    record CreateSession(long timeoutMs, int ownerPeerId) implements Txn {
    }

    /** Closes (or expires) a session and deletes its ephemerals. */
    record CloseSession(long sessionId) implements Txn {
    }
}
