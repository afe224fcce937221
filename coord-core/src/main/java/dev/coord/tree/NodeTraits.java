package dev.coord.tree;

import dev.coord.Acl;
import dev.coord.txn.NodeKind;
import java.util.List;

/**
 * NodeTraits are the fields of a {@link DataNode} that almost every node has at their defaults: its
 * kind, ephemeral owner, TTL, ACL and ACL version. A node holds them through one reference, and all
 * nodes that have the defaults (persistent, no owner, no TTL, {@link Acl#OPEN_ACL_UNSAFE}, ACL
 * version 0) share {@link #DEFAULT}, so they cost a node 4 bytes instead of 28.
 *
 * <p>Immutable. Invariant: {@code acl} is immutable and validated (see {@link AclRules#validate}).
 */
final class NodeTraits {
    /** The traits of a plain persistent node with the open ACL, never changed by setACL. */
    static final NodeTraits DEFAULT = new NodeTraits(NodeKind.PERSISTENT, 0, 0, Acl.OPEN_ACL_UNSAFE, 0);

    final NodeKind kind;
    final long ephemeralOwner;
    final long ttlMs;
    final List<Acl> acl;
    final int aversion;

    private NodeTraits(NodeKind kind, long ephemeralOwner, long ttlMs, List<Acl> acl, int aversion) {
        this.kind = kind;
        this.ephemeralOwner = ephemeralOwner;
        this.ttlMs = ttlMs;
        this.acl = acl;
        this.aversion = aversion;
    }

    /** The traits with these values: {@link #DEFAULT} when they are the defaults, else a new object. */
    static NodeTraits of(NodeKind kind, long ephemeralOwner, long ttlMs, List<Acl> acl, int aversion) {
        if (kind == NodeKind.PERSISTENT && ephemeralOwner == 0 && ttlMs == 0 && aversion == 0 && AclRules.isOpen(acl)) {
            return DEFAULT;
        }
        return new NodeTraits(kind, ephemeralOwner, ttlMs, acl, aversion);
    }

    /** These traits with a new ACL and the ACL version one higher. */
    NodeTraits withAcl(List<Acl> newAcl) {
        return of(kind, ephemeralOwner, ttlMs, newAcl, aversion + 1);
    }

    /** Whether {@code other} holds the same values (so one instance may serve both nodes). */
    boolean sameAs(NodeTraits other) {
        return other == this || other.kind == kind && other.ephemeralOwner == ephemeralOwner && other.ttlMs == ttlMs
                && other.aversion == aversion && other.acl.equals(acl);
    }
}
