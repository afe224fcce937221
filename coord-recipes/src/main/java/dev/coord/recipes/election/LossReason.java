package dev.coord.recipes.election;

/** LossReason says why a {@link LeaderElection} lost (or may have lost) leadership. */
public enum LossReason {
    /** The session's peer lost its leader: leadership may survive, and is regained on reconnection if so. */
    SUSPENDED,
    /** Suspended longer than the session timeout: assume another participant leads. */
    LOST,
    /** The session expired: another participant may lead; this election has ended. */
    EXPIRED,
    /** The session was closed: this election has ended. */
    SESSION_CLOSED,
    /** {@link LeaderElection#resign()}: the participant went to the back of the line. */
    RESIGNED,
    /** {@link LeaderElection#close()}. */
    CLOSED,
    /** The participant's node was deleted by someone else; it joins again at the back. */
    NODE_DELETED
}
