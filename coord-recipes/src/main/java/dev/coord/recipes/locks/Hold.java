package dev.coord.recipes.locks;

import dev.coord.Op;

/**
 * Hold is one contender node that holds a lock, a read share, a write lock or a semaphore lease: its
 * path and its fencing token. A reentrant lock taken again by the same thread keeps its Hold.
 *
 * <p>The fencing token is the zxid of the transaction that created the node. Holds are granted in the
 * order their nodes were created, so tokens only grow from one exclusive holder to the next (for read
 * shares and leases, every token granted after a Hold's node was created is larger). A resource that
 * refuses tokens lower than the highest it has seen (see {@link FencedResource}) can never be written
 * by a holder that lost its hold while paused. Within Coord itself, {@link #checkOp()} fences a write:
 * a multi that contains it applies only while this node exists.
 *
 * <p>Thread-safe.
 */
public final class Hold {
    private final String path;
    private final long fencingToken;
    private volatile boolean valid = true;
    private volatile boolean released;

    Hold(String path, long fencingToken) {
        this.path = path;
        this.fencingToken = fencingToken;
    }

    /** The path of the contender node. */
    public String path() {
        return path;
    }

    /** The zxid that created the node: only grows from one holder to the next. */
    public long fencingToken() {
        return fencingToken;
    }

    /** An op that makes a multi apply only while this node still exists. */
    public Op checkOp() {
        return Op.check(path, -1);
    }

    /**
     * True while the hold is safe to act on: not released, and the session neither suspended, lost nor
     * ended since it was granted (it becomes true again if the session reconnects with the node intact).
     */
    public boolean isValid() {
        return valid && !released;
    }

    /** True once released by its holder. */
    public boolean isReleased() {
        return released;
    }

    void setValid(boolean valid) {
        this.valid = valid;
    }

    void markReleased() {
        released = true;
    }

    @Override
    public String toString() {
        return "Hold[" + path + ", token 0x" + Long.toHexString(fencingToken) + (isValid() ? "" : ", invalid") + "]";
    }
}
