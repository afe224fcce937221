package dev.coord.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * ConnectionEvents holds connects and disconnects of a {@link TcpTransport} until {@code poll} can tell
 * the agent, in the order they happened, and keeps each link's view of what the agent was told.
 *
 * <p>Threading: confined to the agent thread of the owning transport.
 */
final class ConnectionEvents {
    private record Event(PeerLink link, int generation, boolean connected) {
    }

    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private final ArrayList<ConnectionListener> listeners = new ArrayList<>();

    void addListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    void connected(PeerLink link) {
        pending.add(new Event(link, link.generation, true));
    }

    void disconnected(PeerLink link) {
        pending.add(new Event(link, link.generation, false));
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    void clear() {
        pending.clear();
    }

    /** Tells the listeners of every pending event; returns how many there were. */
    int deliver() {
        int delivered = 0;
        Event event;
        while ((event = pending.poll()) != null) {
            delivered++;
            PeerLink link = event.link();
            if (event.connected()) {
                link.announcedGeneration = event.generation();
                for (int i = 0; i < listeners.size(); i++) {
                    listeners.get(i).onConnected(link.peerId);
                }
            } else {
                link.announcedGeneration = 0;
                for (int i = 0; i < listeners.size(); i++) {
                    listeners.get(i).onDisconnected(link.peerId);
                }
            }
        }
        return delivered;
    }
}
