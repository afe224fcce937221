package dev.coord.tree;

/**
 * A test key whose spread hash (the bits {@link PersistentMap}'s trie consumes) is chosen by the test, so
 * tests can build keys that share any hash prefix or collide in full.
 */
record ChosenHashKey(int spreadHash, int id) implements Comparable<ChosenHashKey> {

    private static final int MULTIPLIER_INVERSE = inverseOf(0x85EBCA6B);

    /** Returns the hash code that {@link HamtNode#spread} maps to {@link #spreadHash}. */
    @Override
    public int hashCode() {
        int h = spreadHash;
        h ^= (h >>> 13) ^ (h >>> 26);
        h *= MULTIPLIER_INVERSE;
        h ^= h >>> 16;
        return h;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChosenHashKey that && that.spreadHash == spreadHash && that.id == id;
    }

    @Override
    public int compareTo(ChosenHashKey other) {
        return Integer.compare(id, other.id);
    }

    @Override
    public String toString() {
        return "k" + id + "#" + Integer.toHexString(spreadHash);
    }

    private static int inverseOf(int odd) {
        int inverse = odd;
        for (int i = 0; i < 5; i++) {
            inverse *= 2 - odd * inverse;
        }
        return inverse;
    }
}
