package dev.coord.peer;

import dev.coord.CoordException;

/** SessionLimit is the refusal of a session open beyond the ensemble's {@link Limits#maxSessions()}. */
final class SessionLimit {
    private SessionLimit() {
    }

    static CoordException exceeded(int live, Limits limits) {
        return new CoordException.LimitExceededException(null, "the ensemble has " + live
                + " live sessions, the limit (maxSessions is " + limits.maxSessions() + "); no session was opened");
    }
}
