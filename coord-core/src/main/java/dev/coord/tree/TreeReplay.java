package dev.coord.tree;

import dev.coord.txn.Txn;

/**
 * TreeReplay applies a run of committed transactions to a tree, giving the tree that
 * {@link DataTree#apply} one transaction after another would give (same nodes, same digest, same
 * iteration order), without a copy of the node map's path per transaction: the trie nodes it copies
 * are its own, and its later transactions change them in place ({@link PersistentMap#putOwned}). For
 * recovery, where nothing observes the trees in between.
 *
 * <p>So: the base tree is never changed; the trees in between are never exposed; {@link #finish}
 * returns the last one, an ordinary immutable tree from then on. A transaction that fails (a
 * precondition, a zxid out of order) may leave the replay's tree half changed, so the replay refuses
 * any further use. Used by one thread.
 */
public final class TreeReplay {
    private final Object owner = new Object();
    private DataTree tree;
    /** Invariant: true once a transaction failed or {@link #finish} was called; no further use then. */
    private boolean ended;

    /** A replay that starts from {@code base}. */
    public TreeReplay(DataTree base) {
        this.tree = base;
    }

    /**
     * Applies {@code txn} as transaction {@code zxid} at leader time {@code timeMs}, unchecked (as
     * committed transactions are).
     *
     * @throws dev.coord.CoordException if a precondition does not hold; the replay is then unusable
     * @throws IllegalArgumentException if {@code zxid} is not after {@link #lastZxid()}; likewise
     * @throws IllegalStateException    if the replay failed or finished before
     */
    public void apply(long zxid, long timeMs, Txn txn) {
        if (ended) {
            throw new IllegalStateException("this replay failed or finished at zxid 0x" + Long.toHexString(tree.lastZxid()));
        }
        ended = true;
        tree = tree.applyOwned(zxid, timeMs, txn, owner);
        ended = false;
    }

    /** The zxid of the last transaction applied (the base's if none was). */
    public long lastZxid() {
        return tree.lastZxid();
    }

    /**
     * Ends the replay and returns its tree.
     *
     * @throws IllegalStateException if a transaction failed or the replay finished before
     */
    public DataTree finish() {
        if (ended) {
            throw new IllegalStateException("this replay failed or finished at zxid 0x" + Long.toHexString(tree.lastZxid()));
        }
        ended = true;
        return tree;
    }
}
