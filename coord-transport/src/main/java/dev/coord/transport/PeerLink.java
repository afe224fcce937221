package dev.coord.transport;

import java.net.InetSocketAddress;

/**
 * PeerLink is everything a {@link TcpTransport} keeps about one other peer: its current connection, the
 * frames queued to it, and when to dial it next.
 *
 * <p>States: IDLE (no connection; a dialing link waits for {@code nextDialNs}), DIALING (TCP connect in
 * progress), HANDSHAKING (connected, waiting for the peer's HELLO), CONNECTED.
 *
 * <p>Threading: confined to the agent thread of the owning transport.
 */
final class PeerLink {
    enum State { IDLE, DIALING, HANDSHAKING, CONNECTED }

    final int peerId;
    final InetSocketAddress address;
    /** Whether this side dials: the higher id dials the lower one, the lower only accepts. */
    final boolean dials;
    final OutboundBuffer outbound;

    State state = State.IDLE;
    // Invariant: connection == null iff state == IDLE.
    Connection connection;
    // Invariant: increases by one each time a connection completes its handshake.
    int generation;
    // Invariant: the generation the agent was last told is connected, 0 after it was told of the loss;
    // sends are queued only when it equals generation and state == CONNECTED.
    int announcedGeneration;
    /** Set when a send was refused for lack of room; cleared once the agent is told there is room again. */
    boolean sendRefused;
    int failedAttempts;
    long nextDialNs;
    long lastWriteNs;

    PeerLink(int peerId, InetSocketAddress address, boolean dials, int outboundQueueBytes) {
        this.peerId = peerId;
        this.address = address;
        this.dials = dials;
        this.outbound = new OutboundBuffer(outboundQueueBytes);
    }

    /** Whether a send from the agent may be queued: connected, and the agent has been told so. */
    boolean canSend() {
        return state == State.CONNECTED && announcedGeneration == generation;
    }

    /** Whether the connection's socket is past TCP connect, so queued frames may be written. */
    boolean isWritable() {
        return state == State.HANDSHAKING || state == State.CONNECTED;
    }
}
