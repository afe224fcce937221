package dev.coord.tree;

import dev.coord.Acl;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * TreeDigest computes the digest two replicas compare after applying the same transactions: the sum
 * (mod 2^64) of a 64-bit hash of every node (path, data, every stat field and the ACL) and of every session.
 * A sum can be updated in O(1) per changed node, and does not depend on iteration order.
 */
public final class TreeDigest {
    private static final long SEED = 0x9E3779B97F4A7C15L;
    /** Reads 8 bytes of a byte[] as one little-endian long (one load, where the CPU allows). */
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private TreeDigest() {
    }

    /** A 64-bit hash of {@code data} (FNV-1a over 8-byte words, then mixed). */
    public static long hashData(byte[] data) {
        long h = SEED ^ data.length;
        int i = 0;
        for (; i + 8 <= data.length; i += 8) {
            long word = (long) LONG_LE.get(data, i);   // bytes i..i+7, byte i lowest
            h = (h ^ word) * 0x100000001B3L;
            h ^= h >>> 29;
        }
        for (; i < data.length; i++) {
            h = (h ^ (data[i] & 0xFF)) * 0x100000001B3L;
        }
        return mix(h);
    }

    /** A 64-bit hash of a path's characters (no encoding, no allocation). */
    static long hashPath(String path) {
        long h = SEED ^ path.length();
        for (int i = 0; i < path.length(); i++) {
            h = (h ^ path.charAt(i)) * 0x100000001B3L;
        }
        return mix(h);
    }

    /** The hash of one node at one path; the tree digest sums these. */
    static long hashNode(long pathHash, DataNode n) {
        long h = pathHash;
        h = mix(h ^ n.dataHash);
        h = mix(h ^ n.czxid);
        h = mix(h ^ n.mzxid);
        h = mix(h ^ n.pzxid);
        h = mix(h ^ n.ctime);
        h = mix(h ^ n.mtime);
        h = mix(h ^ ((long) n.version << 32 | (n.cversion & 0xFFFFFFFFL)));
        h = mix(h ^ n.traits.ephemeralOwner);
        h = mix(h ^ ((long) n.traits.kind.ordinal() << 32 | n.children.size()));
        h = mix(h ^ n.traits.ttlMs);
        if (n.traits.aversion != 0 || !AclRules.isOpen(n.traits.acl)) {
            // Only then: a node with the default ACL hashes as it did before ACLs existed, so the
            // digests of older logs and snapshots still verify.
            h = mix(h ^ hashAcl(n.traits.acl) ^ n.traits.aversion);
        }
        return h;
    }

    /** A 64-bit hash of an ACL, order-sensitive. */
    static long hashAcl(List<Acl> acl) {
        long h = SEED ^ acl.size();
        for (Acl entry : acl) {
            h = mix(h ^ hashPath(entry.scheme()));
            h = mix(h ^ hashPath(entry.id()));
            h = mix(h ^ entry.perms());
        }
        return h;
    }

    static long hashSession(long sessionId, SessionInfo info) {
        long h = mix(SEED ^ sessionId);
        h = mix(h ^ info.timeoutMs());
        return mix(h ^ info.ownerPeerId());
    }

    /** Murmur3's 64-bit finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
