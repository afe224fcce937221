package dev.coord.transport;

/**
 * ConnectionListener is told when a connection to a peer becomes usable and when it is lost.
 *
 * <p>Threading: called on the agent thread, from within {@link Transport#poll}, in order with that peer's
 * messages: every message of a connection arrives after its {@code onConnected} and before its
 * {@code onDisconnected}. Calls for one peer alternate, starting with {@code onConnected}.
 */
public interface ConnectionListener {

    /** Called when a connection to the peer has completed its handshake; sends to it are now queued. */
    void onConnected(int peerId);

    /** Called when that connection is lost; messages queued to it and not yet written are dropped. */
    void onDisconnected(int peerId);
}
