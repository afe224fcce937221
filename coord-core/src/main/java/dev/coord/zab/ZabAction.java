package dev.coord.zab;

/**
 * ZabAction is one thing the ZAB state machine asks its I/O shell to do. Actions are carried out in the
 * order they were emitted: an epoch is persisted before the message that depends on it is sent, and a
 * truncation happens before the appends that follow it.
 */
public sealed interface ZabAction {
    /** Send {@code message} to {@code peerId} (dropped if the peer is not connected). */
    record Send(int peerId, ZabMessage message) implements ZabAction {
    }

    /**
     * Durably record the accepted epoch (and the leader it was accepted from) and the current epoch
     * before anything later is done.
     */
    record PersistEpochs(long acceptedEpoch, int acceptedLeader, long currentEpoch) implements ZabAction {
    }

    /** Append a proposal to the log (durable after the next flush, reported by {@code onDurable}). */
    record Append(long zxid, byte[] payload) implements ZabAction {
    }

    /** Drop every log entry after {@code zxid}, durably. */
    record Truncate(long zxid) implements ZabAction {
    }

    /** Replace the tree and the log with the leader's snapshot at {@code zxid}, durably. */
    record InstallSnapshot(long zxid, byte[] snapshot) implements ZabAction {
    }

    /** Apply the committed transaction {@code zxid} to the tree (commits come in zxid order). */
    record Commit(long zxid, byte[] payload) implements ZabAction {
    }

    /** The peer's role changed: tell the application (sessions, status); {@code reason} says why it looks. */
    record RoleChanged(PeerState state, int leaderId, long epoch, boolean serving, String reason) implements ZabAction {
    }
}
