package dev.coord;

/** Role is what a peer is doing in its ensemble. */
public enum Role {
    /** A single peer with no members configured: it is its own quorum. */
    STANDALONE,
    /** Electing a leader. */
    LOOKING,
    /** A voting member that follows the leader. */
    FOLLOWING,
    /** The leader of the current epoch. */
    LEADING,
    /** A non-voting member that replicates and serves reads. */
    OBSERVING
}
