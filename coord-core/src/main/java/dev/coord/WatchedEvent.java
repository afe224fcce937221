package dev.coord;

/**
 * WatchedEvent tells a {@link Watcher} what changed: the kind of change, the path it was set on and
 * the zxid of the transaction that triggered it. It never carries data: read again to see the new
 * state ("push, then pull").
 *
 * @param type the change
 * @param path the path the watch was set on; for a recursive persistent watch, the path that changed
 * @param zxid the zxid of the triggering transaction; for a watch-removed event, the last zxid this
 *             peer had applied when the watch was removed
 */
public record WatchedEvent(EventType type, String path, long zxid) {
}
