package dev.coord.recipes.internal;

import dev.coord.CoordException;
import dev.coord.SessionState;

/** Sessions turns a session's terminal state into the exception a blocked recipe call fails with. */
public final class Sessions {
    private Sessions() {
    }

    /** Throws SessionExpiredException or ClosedException if {@code state} is terminal; {@code what} names the recipe. */
    public static void checkAlive(SessionState state, String what) {
        if (state == SessionState.EXPIRED) {
            throw new CoordException.SessionExpiredException("the session of " + what + " has expired");
        }
        if (state == SessionState.CLOSED) {
            throw new CoordException.ClosedException("the session of " + what + " is closed");
        }
    }

    /** True for CONNECTED and RECONNECTED: the session is in contact with the leader. */
    public static boolean isServing(SessionState state) {
        return state == SessionState.CONNECTED || state == SessionState.RECONNECTED;
    }
}
