package dev.coord;

/**
 * SessionState is the life cycle of a session as its application sees it (DESIGN.md section 5).
 */
public enum SessionState {
    /** Open and in contact with the leader. */
    CONNECTED,
    /** The peer lost contact with the leader; the session may still be alive. */
    SUSPENDED,
    /** Contact came back and the session was still alive. */
    RECONNECTED,
    /**
     * The session timeout passed while suspended: assume its ephemerals, locks and leadership are gone,
     * though the peer cannot yet know whether the leader expired it.
     */
    LOST,
    /** The leader expired the session; its ephemerals were deleted. Terminal. */
    EXPIRED,
    /** The session was closed by its application; its ephemerals were deleted. Terminal. */
    CLOSED;

    /** True for the states after which the session can never be used again. */
    public boolean isTerminal() {
        return this == EXPIRED || this == CLOSED;
    }
}
