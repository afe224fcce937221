package dev.coord.metrics;

/**
 * WatchSummary is one watch a session of this peer left.
 *
 * @param path the watched path
 * @param kind {@code data} (exists, getData), {@code child} (getChildren), {@code persistent} or
 *     {@code persistentRecursive}
 * @param sessionId the session that left it
 */
public record WatchSummary(String path, String kind, long sessionId) {
}
