package dev.coord.tree;

import java.util.Arrays;

/**
 * HamtBulkBuilder builds a {@link PersistentMap} from many distinct keys in one pass, without the
 * path copying of one {@link PersistentMap#put} per key: it sorts the entries by their trie path
 * (the hash's 5-bit slots, lowest level first) and then lays out each trie node once.
 *
 * <p>The result is the canonical trie described in {@link HamtNode}, so it equals, and iterates
 * identically to, the map the same keys would give by successive puts.
 */
final class HamtBulkBuilder {
    /** Levels of 5 bits needed to consume a 32-bit hash (the last level has 2 bits). */
    private static final int LEVELS = 7;
    private static final int INDEX_BITS = 64 - LEVELS * HamtNode.BITS_PER_LEVEL;

    private final Object[] keys;
    private final Object[] values;
    /** Entry indexes in trie-path order. */
    private final int[] order;
    /** The hash of entry order[i] at i: read in order as the trie is laid out, not at random. */
    private final int[] sortedHashes;

    private HamtBulkBuilder(Object[] keys, Object[] values, int count) {
        this.keys = keys;
        this.values = values;
        int[] hashes = new int[count];
        long[] packed = new long[count];
        for (int i = 0; i < count; i++) {
            int hash = HamtNode.hashOf(keys[i]);
            hashes[i] = hash;
            packed[i] = triePath(hash) << INDEX_BITS | i;
        }
        packed = sortUnsigned(packed);
        this.order = new int[count];
        this.sortedHashes = new int[count];
        long indexMask = (1L << INDEX_BITS) - 1;
        for (int i = 0; i < count; i++) {
            order[i] = (int) (packed[i] & indexMask);
            sortedHashes[i] = hashes[order[i]];
        }
    }

    /**
     * Returns the map of {@code keys[i]} to {@code values[i]} for {@code i < count}.
     *
     * @throws IllegalArgumentException if two keys are equal
     * @throws NullPointerException     if a key or value is null
     */
    static <K, V> PersistentMap<K, V> of(Object[] keys, Object[] values, int count) {
        if (count == 0) {
            return PersistentMap.empty();
        }
        if (count >= 1 << INDEX_BITS) {
            // Beyond what the packed sort keys can index: fall back to one put per key.
            PersistentMap<K, V> map = PersistentMap.empty();
            for (int i = 0; i < count; i++) {
                @SuppressWarnings("unchecked") K key = (K) keys[i];
                @SuppressWarnings("unchecked") V value = (V) values[i];
                map = map.put(key, value);
            }
            if (map.size() != count) {
                throw new IllegalArgumentException("duplicate keys");
            }
            return map;
        }
        for (int i = 0; i < count; i++) {
            if (keys[i] == null || values[i] == null) {
                throw new NullPointerException("null key or value at " + i);
            }
        }
        HamtBulkBuilder builder = new HamtBulkBuilder(keys, values, count);
        return PersistentMap.ofRoot(builder.bitmap(0, count, 0), count);
    }

    /** Below this many entries a comparison sort beats the radix sort's bucket passes. */
    private static final int RADIX_MIN = 1024;
    private static final int RADIX_BITS = 12;

    /**
     * Returns {@code packed} sorted as unsigned numbers (so by trie path, then entry index): an LSD
     * radix sort of the trie-path bits, stable, over entries that start in index order.
     */
    private static long[] sortUnsigned(long[] packed) {
        if (packed.length < RADIX_MIN) {
            for (int i = 0; i < packed.length; i++) {
                packed[i] ^= Long.MIN_VALUE;   // flipped sign: signed order is now the unsigned order
            }
            Arrays.sort(packed);
            for (int i = 0; i < packed.length; i++) {
                packed[i] ^= Long.MIN_VALUE;
            }
            return packed;
        }
        long[] from = packed;
        long[] to = new long[packed.length];
        int[] counts = new int[1 << RADIX_BITS];
        for (int shift = INDEX_BITS; shift < 64; shift += RADIX_BITS) {
            int mask = (1 << Math.min(RADIX_BITS, 64 - shift)) - 1;
            Arrays.fill(counts, 0);
            for (long p : from) {
                counts[(int) (p >>> shift) & mask]++;
            }
            for (int d = 0, start = 0; d <= mask; d++) {
                int n = counts[d];
                counts[d] = start;
                start += n;
            }
            for (long p : from) {
                to[counts[(int) (p >>> shift) & mask]++] = p;
            }
            long[] swap = from;
            from = to;
            to = swap;
        }
        return from;
    }

    /** The hash's slots, level 0 most significant, so that sorting groups keys as the trie does. */
    private static long triePath(int hash) {
        long path = 0;
        for (int level = 0; level < LEVELS; level++) {
            path = path << HamtNode.BITS_PER_LEVEL | HamtNode.slot(hash, level * HamtNode.BITS_PER_LEVEL);
        }
        return path;
    }

    /** The bitmap node at {@code shift} for the entries {@code order[from, to)}, which share all slots above. */
    private BitmapNode bitmap(int from, int to, int shift) {
        int dataMap = 0;
        int nodeMap = 0;
        int[] groupStarts = new int[33];
        int groups = 0;
        for (int at = from; at < to; groups++) {
            groupStarts[groups] = at;
            int end = groupEnd(at, to, shift);
            int bit = 1 << HamtNode.slot(sortedHashes[at], shift);
            if (end - at == 1) {
                dataMap |= bit;
            } else {
                nodeMap |= bit;
            }
            at = end;
        }
        groupStarts[groups] = to;
        Object[] content = new Object[2 * Integer.bitCount(dataMap) + Integer.bitCount(nodeMap)];
        int entry = 0;
        int node = content.length - 1;
        for (int g = 0; g < groups; g++) {
            int at = groupStarts[g];
            int end = groupStarts[g + 1];
            if (end - at == 1) {
                content[entry++] = keys[order[at]];
                content[entry++] = values[order[at]];
            } else {
                content[node--] = subNode(at, end, shift + HamtNode.BITS_PER_LEVEL);
            }
        }
        return new BitmapNode(dataMap, nodeMap, content);
    }

    /** The canonical node for two or more entries {@code order[from, to)} sharing a slot. */
    private HamtNode subNode(int from, int to, int shift) {
        if (sortedHashes[from] == sortedHashes[to - 1]) {
            // Sorted by a bijection of the hash, so equal ends mean one shared full hash.
            return collision(from, to);
        }
        return bitmap(from, to, shift);
    }

    private HamtNode collision(int from, int to) {
        int a = order[from];
        int b = order[from + 1];
        int hash = sortedHashes[from];
        HamtNode node = CollisionNode.of(hash, keys[a], values[a], keys[b], values[b]);
        if (keys[a].equals(keys[b])) {
            throw new IllegalArgumentException("duplicate key " + keys[a]);
        }
        for (int at = from + 2; at < to; at++) {
            int i = order[at];
            HamtEdit edit = new HamtEdit();
            node = node.put(keys[i], values[i], hash, 0, edit);
            if (edit.sizeDelta != 1) {
                throw new IllegalArgumentException("duplicate key " + keys[i]);
            }
        }
        return node;
    }

    /** The end of the run of entries from {@code at} that share the slot at {@code shift}. */
    private int groupEnd(int at, int to, int shift) {
        int slot = HamtNode.slot(sortedHashes[at], shift);
        int end = at + 1;
        while (end < to && HamtNode.slot(sortedHashes[end], shift) == slot) {
            end++;
        }
        return end;
    }
}
