package dev.coord.tree;

/**
 * The record of one update to a {@link PersistentMap}'s trie: how the number of entries changed, and
 * for whom it is made (see {@link PersistentMap#putOwned}).
 *
 * <p>One instance lives for the duration of a single {@code put} or {@code remove}, on the calling thread.
 */
final class HamtEdit {

    /** Null for a persistent update; else the owner whose trie nodes this update may change in place. */
    final Object owner;

    /** Invariant: -1 after a removal, +1 after an insertion of a new key, 0 otherwise. */
    int sizeDelta;

    HamtEdit() {
        this(null);
    }

    HamtEdit(Object owner) {
        this.owner = owner;
    }
}
