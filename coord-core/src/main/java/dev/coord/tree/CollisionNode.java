package dev.coord.tree;

import java.util.function.BiPredicate;

/**
 * A trie node of {@link PersistentMap} holding two or more keys that share one full hash, kept in a
 * deterministic key order so that maps with equal contents iterate identically.
 *
 * <p>The order is {@link Comparable#compareTo} when both keys are of the same comparable class (as
 * {@code String} and {@code Long} keys are), else by {@code toString()}, then by class name.
 * NB: keys that tie on all three (distinct, equal-looking keys of one non-comparable class) keep the
 * order in which they were inserted.
 */
final class CollisionNode extends HamtNode {

    /** Invariant: the spread hash of every key in {@link #entries}. */
    final int hash;

    /**
     * Invariant: {@code k0 v0 k1 v1 ...}, at least two entries except transiently during a removal,
     * keys distinct and ascending by {@link #compareKeys}, no null element.
     */
    final Object[] entries;

    private CollisionNode(int hash, Object[] entries) {
        this.hash = hash;
        this.entries = entries;
    }

    static CollisionNode of(int hash, Object k1, Object v1, Object k2, Object v2) {
        Object[] entries = compareKeys(k1, k2) <= 0
                ? new Object[] {k1, v1, k2, v2}
                : new Object[] {k2, v2, k1, v1};
        return new CollisionNode(hash, entries);
    }

    Object find(Object key, int keyHash) {
        if (keyHash != hash) {
            return null;
        }
        int i = indexOf(key);
        return i < 0 ? null : entries[i + 1];
    }

    @Override
    HamtNode put(Object key, Object value, int keyHash, int shift, HamtEdit edit) {
        if (keyHash != hash) {
            edit.sizeDelta = 1;
            return nest(key, value, keyHash, shift);
        }
        int i = indexOf(key);
        if (i >= 0) {
            if (entries[i + 1] == value) {
                return this;
            }
            Object[] copy = entries.clone();
            copy[i + 1] = value;
            return new CollisionNode(hash, copy);
        }
        edit.sizeDelta = 1;
        int at = 0;
        while (at < entries.length && compareKeys(entries[at], key) <= 0) {
            at += 2;
        }
        Object[] copy = new Object[entries.length + 2];
        System.arraycopy(entries, 0, copy, 0, at);
        copy[at] = key;
        copy[at + 1] = value;
        System.arraycopy(entries, at, copy, at + 2, entries.length - at);
        return new CollisionNode(hash, copy);
    }

    /** Returns a bitmap node, for the level at {@code shift}, holding this node and one other entry. */
    private BitmapNode nest(Object key, Object value, int keyHash, int shift) {
        int nodeSlot = slot(hash, shift);
        int entrySlot = slot(keyHash, shift);
        if (nodeSlot == entrySlot) {
            BitmapNode child = nest(key, value, keyHash, shift + BITS_PER_LEVEL);
            return new BitmapNode(0, 1 << nodeSlot, new Object[] {child});
        }
        return new BitmapNode(1 << entrySlot, 1 << nodeSlot, new Object[] {key, value, this});
    }

    @Override
    HamtNode remove(Object key, int keyHash, int shift, HamtEdit edit) {
        if (keyHash != hash) {
            return this;
        }
        int i = indexOf(key);
        if (i < 0) {
            return this;
        }
        edit.sizeDelta = -1;
        Object[] copy = new Object[entries.length - 2];
        System.arraycopy(entries, 0, copy, 0, i);
        System.arraycopy(entries, i + 2, copy, i, entries.length - i - 2);
        return new CollisionNode(hash, copy);
    }

    private int indexOf(Object key) {
        for (int i = 0; i < entries.length; i += 2) {
            if (keysEqual(key, entries[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    boolean forEachWhile(BiPredicate<Object, Object> action) {
        for (int i = 0; i < entries.length; i += 2) {
            if (!action.test(entries[i], entries[i + 1])) {
                return false;
            }
        }
        return true;
    }

    @Override
    boolean isSingleEntry() {
        return entries.length == 2;
    }

    @Override
    Object singleKey() {
        return entries[0];
    }

    @Override
    Object singleValue() {
        return entries[1];
    }

    @Override
    int verify(int shift, int prefix) {
        int bits = Math.min(shift, 32);
        int mask = bits == 32 ? -1 : (1 << bits) - 1;
        BitmapNode.check((hash & mask) == (prefix & mask), "collision node in the wrong slot");
        BitmapNode.check(entries.length >= 4 && entries.length % 2 == 0, "collision node too small");
        for (int i = 0; i < entries.length; i += 2) {
            BitmapNode.check(entries[i] != null && entries[i + 1] != null, "null key or value");
            BitmapNode.check(hashOf(entries[i]) == hash, "collision key with a different hash");
            if (i > 0) {
                BitmapNode.check(compareKeys(entries[i - 2], entries[i]) <= 0, "collision keys out of order");
                BitmapNode.check(!entries[i - 2].equals(entries[i]), "duplicate collision key");
            }
        }
        return entries.length / 2;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareKeys(Object a, Object b) {
        if (a.getClass() == b.getClass() && a instanceof Comparable) {
            return ((Comparable) a).compareTo(b);
        }
        int byText = a.toString().compareTo(b.toString());
        return byText != 0 ? byText : a.getClass().getName().compareTo(b.getClass().getName());
    }
}
