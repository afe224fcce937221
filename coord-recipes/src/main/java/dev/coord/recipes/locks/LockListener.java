package dev.coord.recipes.locks;

import dev.coord.SessionState;

/**
 * LockListener is told when a hold stops being safe and when it becomes safe again (DESIGN.md section
 * 8: a lock-loss callback, which Curator lacks, CURATOR-465). It is called on the session's dispatcher
 * thread, in order with the session's other events; it must be quick and must not block.
 */
public interface LockListener {
    /**
     * {@code hold} must not be acted on any more. {@code cause} is SUSPENDED (the peer lost its leader:
     * the hold may survive), LOST (suspended longer than the session timeout: assume it is gone),
     * EXPIRED or CLOSED (it is gone), or RECONNECTED (the session survived but the node had been
     * deleted by someone else). NB: a holder whose session stays connected is not told if someone else
     * deletes its node (watching it would cost every acquisition a read); do not delete lock nodes by
     * hand. As things get worse it may be called again for the same hold with a graver cause
     * (SUSPENDED, then LOST, then EXPIRED).
     */
    void lockLost(Hold hold, SessionState cause);

    /** After a suspension the session reconnected with {@code hold}'s node intact: it holds again, same token. */
    default void lockRestored(Hold hold) {
    }
}
