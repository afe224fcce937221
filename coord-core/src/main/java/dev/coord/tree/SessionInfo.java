package dev.coord.tree;

/**
 * SessionInfo is a live session as the replicated tree records it.
 *
 * @param timeoutMs   the granted session timeout
 * @param ownerPeerId the peer whose application opened it (and keeps it alive)
 */
public record SessionInfo(long timeoutMs, int ownerPeerId) {
}
