package dev.coord.tree;

import java.util.function.BiPredicate;

/**
 * A bitmap-compressed trie node of {@link PersistentMap}: up to 32 slots, each empty, an inline entry
 * or a sub-node, packed densely into one array.
 *
 * <pre>
 *   content:  k0 v0 k1 v1 ... k(d-1) v(d-1)   node(n-1) ... node1 node0
 *             entries in ascending slot order  sub-nodes in descending slot order
 * </pre>
 *
 * Keeping entries at the front and sub-nodes at the back, in reverse, lets both be found with one
 * popcount each and needs no per-entry wrapper objects.
 */
final class BitmapNode extends HamtNode {

    static final BitmapNode EMPTY = new BitmapNode(0, 0, new Object[0]);

    /** Invariant: {@code (dataMap & nodeMap) == 0}; a set bit marks a slot holding an inline entry. */
    final int dataMap;

    /** Invariant: a set bit marks a slot holding a sub-node. */
    final int nodeMap;

    /**
     * Invariant: {@code content.length == 2 * bitCount(dataMap) + bitCount(nodeMap)}; laid out as drawn
     * in the class comment; no element is null; sub-nodes are canonical as {@link HamtNode} describes.
     */
    final Object[] content;

    /**
     * Null for a node that never changes; else the owner of a map being built ({@link PersistentMap#putOwned})
     * whose later edits may replace an element of {@link #content} in place (same bitmaps, same layout).
     */
    private final Object owner;

    BitmapNode(int dataMap, int nodeMap, Object[] content) {
        this(dataMap, nodeMap, content, null);
    }

    private BitmapNode(int dataMap, int nodeMap, Object[] content, Object owner) {
        this.dataMap = dataMap;
        this.nodeMap = nodeMap;
        this.content = content;
        this.owner = owner;
    }

    /** Returns the value mapped to {@code key} in the trie rooted here, or null; iterative for speed. */
    Object find(Object key, int hash) {
        BitmapNode node = this;
        int shift = 0;
        while (true) {
            int bit = bitpos(hash, shift);
            Object[] c = node.content;
            if ((node.dataMap & bit) != 0) {
                int i = 2 * index(node.dataMap, bit);
                return keysEqual(key, c[i]) ? c[i + 1] : null;
            }
            if ((node.nodeMap & bit) == 0) {
                return null;
            }
            Object child = c[c.length - 1 - index(node.nodeMap, bit)];
            if (child instanceof BitmapNode bitmap) {
                node = bitmap;
                shift += BITS_PER_LEVEL;
            } else {
                return ((CollisionNode) child).find(key, hash);
            }
        }
    }

    @Override
    BitmapNode put(Object key, Object value, int hash, int shift, HamtEdit edit) {
        int bit = bitpos(hash, shift);
        if ((dataMap & bit) != 0) {
            int i = 2 * index(dataMap, bit);
            Object storedKey = content[i];
            if (keysEqual(key, storedKey)) {
                return content[i + 1] == value ? this : setOrCopy(i + 1, value, edit);
            }
            edit.sizeDelta = 1;
            HamtNode child = mergeTwo(
                    storedKey, content[i + 1], hashOf(storedKey), key, value, hash, shift + BITS_PER_LEVEL);
            return copyAndMigrateEntryToNode(bit, child);
        }
        if ((nodeMap & bit) != 0) {
            int j = content.length - 1 - index(nodeMap, bit);
            HamtNode child = (HamtNode) content[j];
            HamtNode newChild = child.put(key, value, hash, shift + BITS_PER_LEVEL, edit);
            return newChild == child ? this : setOrCopy(j, newChild, edit);
        }
        edit.sizeDelta = 1;
        return copyAndInsertEntry(bit, key, value);
    }

    @Override
    BitmapNode remove(Object key, int hash, int shift, HamtEdit edit) {
        int bit = bitpos(hash, shift);
        if ((dataMap & bit) != 0) {
            int i = 2 * index(dataMap, bit);
            if (!keysEqual(key, content[i])) {
                return this;
            }
            edit.sizeDelta = -1;
            return copyAndRemoveEntry(bit, i);
        }
        if ((nodeMap & bit) != 0) {
            int j = content.length - 1 - index(nodeMap, bit);
            HamtNode child = (HamtNode) content[j];
            HamtNode newChild = child.remove(key, hash, shift + BITS_PER_LEVEL, edit);
            if (newChild == child) {
                return this;
            }
            if (newChild.isSingleEntry()) {
                return copyAndMigrateNodeToEntry(bit, j, newChild.singleKey(), newChild.singleValue());
            }
            return copyAndSet(j, liftCollision(newChild));
        }
        return this;
    }

    /**
     * Returns the collision node that is the only content of {@code node}, which then belongs directly
     * in the parent's slot; otherwise returns {@code node}.
     */
    private static HamtNode liftCollision(HamtNode node) {
        if (node instanceof BitmapNode bitmap
                && bitmap.dataMap == 0
                && bitmap.content.length == 1
                && bitmap.content[0] instanceof CollisionNode collision) {
            return collision;
        }
        return node;
    }

    @Override
    boolean forEachWhile(BiPredicate<Object, Object> action) {
        int remaining = dataMap | nodeMap;
        int entry = 0;
        int node = content.length - 1;
        while (remaining != 0) {
            int bit = remaining & -remaining;
            remaining ^= bit;
            if ((dataMap & bit) != 0) {
                if (!action.test(content[entry], content[entry + 1])) {
                    return false;
                }
                entry += 2;
            } else {
                if (!((HamtNode) content[node]).forEachWhile(action)) {
                    return false;
                }
                node--;
            }
        }
        return true;
    }

    @Override
    boolean isSingleEntry() {
        return nodeMap == 0 && content.length == 2;
    }

    @Override
    Object singleKey() {
        return content[0];
    }

    @Override
    Object singleValue() {
        return content[1];
    }

    @Override
    int verify(int shift, int prefix) {
        check((dataMap & nodeMap) == 0, "slot marked both entry and node");
        int entries = Integer.bitCount(dataMap);
        int nodes = Integer.bitCount(nodeMap);
        check(content.length == 2 * entries + nodes, "content length does not match bitmaps");
        int count = entries;
        for (int s = 0; s < 32; s++) {
            int bit = 1 << s;
            int slotPrefix = prefix | (s << shift);
            if ((dataMap & bit) != 0) {
                Object key = content[2 * index(dataMap, bit)];
                Object value = content[2 * index(dataMap, bit) + 1];
                check(key != null && value != null, "null key or value");
                check(lowBits(hashOf(key), shift + BITS_PER_LEVEL) == lowBits(slotPrefix, shift + BITS_PER_LEVEL),
                        "entry in the wrong slot");
            } else if ((nodeMap & bit) != 0) {
                HamtNode child = (HamtNode) content[content.length - 1 - index(nodeMap, bit)];
                check(!child.isSingleEntry(), "single-entry sub-node not inlined");
                check(!(child instanceof BitmapNode bitmap && bitmap.dataMap == 0 && bitmap.content.length == 1
                        && bitmap.content[0] instanceof CollisionNode), "collision node not lifted");
                int childCount = child.verify(shift + BITS_PER_LEVEL, slotPrefix);
                check(childCount >= 2, "sub-node with fewer than two entries");
                count += childCount;
            }
        }
        return count;
    }

    private static int lowBits(int hash, int bits) {
        return bits >= 32 ? hash : hash & ((1 << bits) - 1);
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("PersistentMap invariant broken: " + message);
        }
    }

    /**
     * This node with {@code content[index]} set to {@code element}: changed in place if it belongs to
     * the edit's owner, otherwise a copy, which belongs to that owner (if any).
     */
    private BitmapNode setOrCopy(int index, Object element, HamtEdit edit) {
        if (edit.owner != null && owner == edit.owner) {
            content[index] = element;
            return this;
        }
        Object[] copy = content.clone();
        copy[index] = element;
        return new BitmapNode(dataMap, nodeMap, copy, edit.owner);
    }

    private BitmapNode copyAndSet(int index, Object element) {
        Object[] copy = content.clone();
        copy[index] = element;
        return new BitmapNode(dataMap, nodeMap, copy);
    }

    private BitmapNode copyAndInsertEntry(int bit, Object key, Object value) {
        int i = 2 * index(dataMap, bit);
        Object[] copy = new Object[content.length + 2];
        System.arraycopy(content, 0, copy, 0, i);
        copy[i] = key;
        copy[i + 1] = value;
        System.arraycopy(content, i, copy, i + 2, content.length - i);
        return new BitmapNode(dataMap | bit, nodeMap, copy);
    }

    private BitmapNode copyAndRemoveEntry(int bit, int i) {
        Object[] copy = new Object[content.length - 2];
        System.arraycopy(content, 0, copy, 0, i);
        System.arraycopy(content, i + 2, copy, i, content.length - i - 2);
        return new BitmapNode(dataMap ^ bit, nodeMap, copy);
    }

    private BitmapNode copyAndMigrateEntryToNode(int bit, HamtNode child) {
        int length = content.length;
        int i = 2 * index(dataMap, bit);
        int j = length - 2 - index(nodeMap, bit);
        Object[] copy = new Object[length - 1];
        System.arraycopy(content, 0, copy, 0, i);
        System.arraycopy(content, i + 2, copy, i, j - i);
        copy[j] = child;
        System.arraycopy(content, j + 2, copy, j + 1, length - j - 2);
        return new BitmapNode(dataMap ^ bit, nodeMap | bit, copy);
    }

    private BitmapNode copyAndMigrateNodeToEntry(int bit, int j, Object key, Object value) {
        int length = content.length;
        int i = 2 * index(dataMap, bit);
        Object[] copy = new Object[length + 1];
        System.arraycopy(content, 0, copy, 0, i);
        copy[i] = key;
        copy[i + 1] = value;
        System.arraycopy(content, i, copy, i + 2, j - i);
        System.arraycopy(content, j + 1, copy, j + 2, length - j - 1);
        return new BitmapNode(dataMap | bit, nodeMap ^ bit, copy);
    }
}
