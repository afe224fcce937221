package dev.coord;

/**
 * Watcher receives one-shot watch events.
 *
 * <p>A watch fires at most once, for the first change after the read that set it, and is then gone.
 * Events of one session are delivered one at a time, in zxid order, on that session's dispatcher
 * thread (never on the peer's agent thread); a slow watcher delays only its own session's events.
 */
@FunctionalInterface
public interface Watcher {
    void process(WatchedEvent event);
}
