package dev.coord.tree;

import java.util.function.BiPredicate;

/**
 * A node of the hash array mapped trie behind {@link PersistentMap}: either a {@link BitmapNode} or a
 * {@link CollisionNode}.
 *
 * <p>Nodes are immutable and untyped (keys and values are {@code Object}); {@link PersistentMap} restores
 * the types at its edge. Each level of the trie consumes {@link #BITS_PER_LEVEL} bits of the spread hash,
 * lowest bits first.
 *
 * <p>The trie is kept in a canonical form, so its shape, and therefore its iteration order, depends only
 * on the set of keys and never on the order of the updates that built it. For every slot of every node
 * (the root node itself may hold any number of slots):
 * <ul>
 *   <li>a slot whose hash prefix matches exactly one key holds that key and value inline;</li>
 *   <li>a slot matching two or more keys that all share one full hash holds a {@link CollisionNode};</li>
 *   <li>a slot matching two or more keys with different hashes holds a {@link BitmapNode}.</li>
 * </ul>
 */
abstract class HamtNode {

    static final int BITS_PER_LEVEL = 5;

    private static final int LEVEL_MASK = (1 << BITS_PER_LEVEL) - 1;

    /** Returns the node after mapping {@code key} to {@code value}, or this node if nothing changed. */
    abstract HamtNode put(Object key, Object value, int hash, int shift, HamtEdit edit);

    /** Returns the node after unmapping {@code key}, or this node if the key was absent. */
    abstract HamtNode remove(Object key, int hash, int shift, HamtEdit edit);

    /** Visits entries in canonical order while {@code action} returns true; returns false if stopped. */
    abstract boolean forEachWhile(BiPredicate<Object, Object> action);

    /** Whether this node holds exactly one entry, a transient state its parent inlines at once. */
    abstract boolean isSingleEntry();

    /** The key of a node that {@link #isSingleEntry()}. */
    abstract Object singleKey();

    /** The value of a node that {@link #isSingleEntry()}. */
    abstract Object singleValue();

    /**
     * Checks the structural invariants of this subtree, reached at {@code shift} through slots whose
     * bits below {@code shift} equal those of {@code prefix}; returns the number of entries.
     */
    abstract int verify(int shift, int prefix);

    /**
     * Mixes a key's hash code so that keys differing only in high bits still part early in the trie.
     * The mix is a bijection, so keys collide in the spread hash exactly when they collide in hashCode.
     */
    static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }

    static int hashOf(Object key) {
        return spread(key.hashCode());
    }

    /** The slot of {@code hash} at the level that consumes bits from {@code shift}. */
    static int slot(int hash, int shift) {
        return (hash >>> shift) & LEVEL_MASK;
    }

    static int bitpos(int hash, int shift) {
        return 1 << slot(hash, shift);
    }

    /** The number of set bits of {@code map} below {@code bit}: the dense index of that bit's slot. */
    static int index(int map, int bit) {
        return Integer.bitCount(map & (bit - 1));
    }

    static boolean keysEqual(Object probe, Object stored) {
        return probe == stored || probe.equals(stored);
    }

    /**
     * Returns a canonical node holding two distinct keys, for a slot at {@code shift} that both keys'
     * hashes reach.
     */
    static HamtNode mergeTwo(Object k1, Object v1, int h1, Object k2, Object v2, int h2, int shift) {
        if (h1 == h2) {
            return CollisionNode.of(h1, k1, v1, k2, v2);
        }
        int s1 = slot(h1, shift);
        int s2 = slot(h2, shift);
        if (s1 == s2) {
            HamtNode child = mergeTwo(k1, v1, h1, k2, v2, h2, shift + BITS_PER_LEVEL);
            return new BitmapNode(0, 1 << s1, new Object[] {child});
        }
        Object[] content = s1 < s2 ? new Object[] {k1, v1, k2, v2} : new Object[] {k2, v2, k1, v1};
        return new BitmapNode((1 << s1) | (1 << s2), 0, content);
    }
}
