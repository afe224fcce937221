package dev.coord.metrics;

import java.util.List;

/**
 * SessionSummary is one live session as a peer's published tree records it.
 *
 * @param sessionId the session
 * @param timeoutMs its granted timeout
 * @param ownerPeerId the peer whose application opened it
 * @param local true if it was opened on the peer that reports it
 * @param state its state as seen by its own peer's application (CONNECTED, SUSPENDED, ...) when local;
 *     null otherwise
 * @param ephemerals the paths of its ephemeral nodes, sorted
 */
public record SessionSummary(long sessionId, long timeoutMs, int ownerPeerId, boolean local, String state,
                             List<String> ephemerals) {
    public SessionSummary {
        ephemerals = List.copyOf(ephemerals);
    }
}
