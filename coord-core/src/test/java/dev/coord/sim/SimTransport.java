package dev.coord.sim;

import dev.coord.transport.ConnectionListener;
import dev.coord.transport.MessageHandler;
import dev.coord.transport.Transport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * SimTransport is one simulated peer's end of the {@link SimNetwork}: it keeps the {@link Transport}
 * contract (per-connection FIFO, connection events in order with messages, nothing delivered from a
 * peer the agent was not told is connected) over virtual connections. Everything runs on the
 * simulation thread; arrivals ask the peer for a turn.
 */
final class SimTransport implements Transport {
    static final int MAX_MESSAGE_BYTES = 256 << 20;

    /** What waits in the inbound queue, tagged with the connection generation it belongs to. */
    record Inbound(Kind kind, int peer, long generation, byte[] bytes) {
        enum Kind { CONNECTED, DISCONNECTED, MESSAGE }
    }

    private final int selfId;
    private final java.util.Set<Integer> peers;
    private final SimNetwork network;
    private final Runnable onWork;
    private final ArrayDeque<Inbound> inbound = new ArrayDeque<>();
    /** The peers the agent has been told are connected, with the generation of that connection. */
    private final Map<Integer, Long> connected = new TreeMap<>();
    private final List<ConnectionListener> listeners = new ArrayList<>();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private boolean closed;

    SimTransport(int selfId, java.util.Set<Integer> peers, SimNetwork network, Runnable onWork) {
        this.selfId = selfId;
        this.peers = peers;
        this.network = network;
        this.onWork = onWork;
    }

    /** Called by the network when something reaches this end. */
    void arrive(Inbound item) {
        if (closed) {
            return;
        }
        inbound.addLast(item);
        onWork.run();
    }

    @Override
    public int selfId() {
        return selfId;
    }

    @Override
    public int maxMessageBytes() {
        return MAX_MESSAGE_BYTES;
    }

    @Override
    public boolean send(int peerId, DirectBuffer buffer, int offset, int length) {
        if (peerId == selfId || !peers.contains(peerId)) {
            throw new IllegalArgumentException("unknown peer " + peerId);
        }
        if (length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message of " + length + " bytes exceeds " + MAX_MESSAGE_BYTES);
        }
        Long generation = connected.get(peerId);
        if (generation == null || closed) {
            return false;
        }
        byte[] copy = new byte[length];
        buffer.getBytes(offset, copy, 0, length);
        network.send(selfId, peerId, generation, copy);
        return true;
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        int delivered = 0;
        while (delivered < limit && !inbound.isEmpty()) {
            Inbound item = inbound.pollFirst();
            switch (item.kind()) {
                case CONNECTED -> {
                    connected.put(item.peer(), item.generation());
                    listeners.forEach(l -> l.onConnected(item.peer()));
                }
                case DISCONNECTED -> {
                    Long generation = connected.get(item.peer());
                    if (generation == null || generation != item.generation()) {
                        continue;
                    }
                    connected.remove(item.peer());
                    listeners.forEach(l -> l.onDisconnected(item.peer()));
                }
                case MESSAGE -> {
                    Long generation = connected.get(item.peer());
                    if (generation == null || generation != item.generation()) {
                        continue;
                    }
                    view.wrap(item.bytes());
                    handler.onMessage(item.peer(), view, 0, item.bytes().length);
                }
            }
            delivered++;
        }
        return delivered;
    }

    @Override
    public boolean awaitWork(long timeoutNs) {
        // The simulator never blocks: it runs a turn only when there is a reason to.
        return !inbound.isEmpty();
    }

    @Override
    public void flush() {
    }

    @Override
    public void wakeup() {
        onWork.run();
    }

    @Override
    public boolean isConnected(int peerId) {
        return connected.containsKey(peerId);
    }

    @Override
    public int outboundQueuedBytes(int peerId) {
        return 0;
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        closed = true;
        inbound.clear();
    }
}
