package dev.coord.zab;

/**
 * ZabMessage is one message of the ZAB protocol between two peers. Every message but the election's
 * carries the epoch it belongs to, so a peer drops what an older leader or learner sent.
 */
public sealed interface ZabMessage {
    /** Fast Leader Election: the sender's vote in election round {@code round}, and its state. */
    record Notification(Vote vote, long round, PeerState state) implements ZabMessage {
    }

    /** Learner to prospective leader: the epoch it accepted last, its history and commit point. */
    record FollowerInfo(long acceptedEpoch, EpochSummary history, long lastCommitted, boolean observer)
            implements ZabMessage {
    }

    /** Leader to learner: the new epoch it proposes. */
    record LeaderInfo(long epoch) implements ZabMessage {
    }

    /** Learner to leader: it accepted {@code epoch}; its current epoch, history and commit point. */
    record AckEpoch(long epoch, long currentEpoch, EpochSummary history, long lastCommitted) implements ZabMessage {
    }

    /** Leader to learner: drop every entry after {@code zxid} (then the proposals after it follow). */
    record Trunc(long epoch, long zxid) implements ZabMessage {
    }

    /**
     * Leader to learner: replace everything with the leader's committed state at {@code zxid}, whose
     * history is {@code history}. {@code snapshot} is the encoded tree (filled in by the I/O shell).
     */
    record Snap(long epoch, long zxid, EpochSummary history, byte[] snapshot) implements ZabMessage {
    }

    /** A proposal: during sync, part of the leader's history; in broadcast, a new transaction. */
    record Proposal(long epoch, long zxid, byte[] payload) implements ZabMessage {
    }

    /** Leader to learner: the sync is complete up to {@code syncedUpTo}; accept {@code epoch} as current. */
    record NewLeader(long epoch, long syncedUpTo) implements ZabMessage {
    }

    /**
     * Learner to leader: everything up to {@code zxid} is durable in its log; with {@code newLeader},
     * it also made {@code epoch} its current epoch (the answer to NEWLEADER).
     */
    record Ack(long epoch, long zxid, boolean newLeader) implements ZabMessage {
    }

    /** Leader to learner: a quorum holds the new epoch; serve, and commit up to {@code committed}. */
    record UpToDate(long epoch, long committed) implements ZabMessage {
    }

    /** Leader to follower: every proposal up to {@code zxid} is committed. */
    record Commit(long epoch, long zxid) implements ZabMessage {
    }

    /** Leader to observer: a committed transaction. */
    record Inform(long epoch, long zxid, byte[] payload) implements ZabMessage {
    }

    /** Leader to learner, and learner back: liveness within an epoch. */
    record Ping(long epoch, long committed) implements ZabMessage {
    }
}
