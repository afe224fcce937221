package dev.coord;

/**
 * SessionListener is told of each change of a session's {@link SessionState}, on the session's
 * dispatcher thread, in the same serial order as its watch events.
 */
@FunctionalInterface
public interface SessionListener {
    void stateChanged(SessionState state);
}
