package dev.coord;

/**
 * WatchedEvent tells a {@link Watcher} what changed: the kind of change, the path it was set on and
 * the zxid of the transaction that triggered it. It never carries data: read again to see the new
 * state ("push, then pull").
 *
 * @param type the change
 * @param path the path the watch was set on
 * @param zxid the zxid of the triggering transaction
 */
public record WatchedEvent(EventType type, String path, long zxid) {
}
