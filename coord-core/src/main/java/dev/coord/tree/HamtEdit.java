package dev.coord.tree;

/**
 * The record of one update to a {@link PersistentMap}'s trie: how the number of entries changed.
 *
 * <p>One instance lives for the duration of a single {@code put} or {@code remove}, on the calling thread.
 */
final class HamtEdit {

    /** Invariant: -1 after a removal, +1 after an insertion of a new key, 0 otherwise. */
    int sizeDelta;
}
