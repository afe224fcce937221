package dev.coord.transport;

import org.agrona.DirectBuffer;

/**
 * Transport moves whole messages between peer ids; it knows nothing of what the messages mean.
 *
 * <p>Threading: every method except {@link #wakeup()} is called only on the owning peer's agent thread
 * (the one thread that sends, polls and blocks). {@link #wakeup()} may be called from any thread.
 *
 * <p>Ordering: messages from one peer to another are delivered in the order they were sent, each one whole
 * or not at all. A connection break may lose the tail of what was sent on that connection; nothing sent
 * after the break is delivered before the break is announced. Connection events and messages of one peer
 * are delivered by {@link #poll} in the order they happened: a message is never delivered from a peer the
 * agent has not been told is connected.
 *
 * <p>Idle: the agent blocks in {@link #awaitWork(long)} when it has nothing to do; that call returns when
 * messages or events are ready, when {@link #wakeup()} is called, or when the timeout passes. Application
 * threads that hand work to the agent through their own queue call {@link #wakeup()} after enqueuing.
 */
public interface Transport extends AutoCloseable {

    /** Returns the id of the peer this transport belongs to. */
    int selfId();

    /** Returns the largest message, in bytes, that {@link #send} accepts. */
    int maxMessageBytes();

    /**
     * Queues one message for a peer and returns whether it was queued. It returns false, queuing nothing,
     * when the agent has not been told the peer is connected or when that peer's bounded outbound queue has
     * no room for it (backpressure). A true result is not a promise of delivery. The bytes are copied; the
     * caller may reuse its buffer at once. Queued messages are written by the next {@link #poll} or
     * {@link #awaitWork} call.
     *
     * @throws IllegalArgumentException if the peer id is unknown or self, or length exceeds
     *                                  {@link #maxMessageBytes()}
     */
    boolean send(int peerId, DirectBuffer buffer, int offset, int length);

    /**
     * Delivers up to {@code limit} received messages, and the connection events due before them, on the
     * calling thread, and
     * performs the transport's pending I/O and timers without blocking. The handler may call {@link #send}.
     * The buffer passed to the handler is valid only during the callback. Bad input from the network closes
     * the offending connection and is never thrown from here; an exception thrown by the handler or a
     * listener propagates to the caller, with the message it was given consumed.
     *
     * @return the number of messages and events delivered
     */
    int poll(MessageHandler handler, int limit);

    /**
     * Blocks until there may be work for {@link #poll} (a message, an event, a due timer, room again in a
     * queue that refused a send), until {@link #wakeup()} is called, or until {@code timeoutNs} has passed;
     * never spins. Writes queued messages before blocking. The agent calls {@code poll} after it returns,
     * whatever it returned: the agent's own work may be why it woke.
     *
     * @return whether the transport found work for {@link #poll}; false after a timeout or a bare wakeup
     */
    boolean awaitWork(long timeoutNs);

    /**
     * Writes the messages queued so far to their connections now, without blocking and without
     * delivering anything: lets the agent put messages on the wire before it blocks on something else
     * (a log force, say).
     */
    void flush();

    /** Makes a current or the next {@link #awaitWork} call return at once. Safe from any thread. */
    void wakeup();

    /**
     * Returns whether the agent has been told (through {@link ConnectionListener#onConnected}) that the
     * peer is connected and that connection is still up, which is when {@link #send} can queue to it.
     */
    boolean isConnected(int peerId);

    /** Returns the bytes queued for the peer and not yet written to its connection. */
    int outboundQueuedBytes(int peerId);

    /** Adds a listener called on the agent thread, from within {@link #poll}, on connects and disconnects. */
    void addConnectionListener(ConnectionListener listener);

    /**
     * Closes the current connection to {@code peerId} because what arrived on it could not be decoded,
     * with one log line naming {@code reason}; it is re-established as usual (the higher id redials). Called on
     * the agent thread, also from within {@link MessageHandler#onMessage}. Transports without real
     * connections (in-memory, simulated) ignore it.
     */
    default void closeConnection(int peerId, String reason) {
    }

    /** Closes every connection and releases the transport's resources; idempotent. */
    @Override
    void close();
}
