package dev.coord.transport;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * InMemoryTransport is one peer's end of an {@link InMemoryNetwork}: messages and connection events for it
 * wait in one FIFO inbox until its agent polls.
 *
 * <p>Threading: as {@link Transport}: one agent thread sends, polls and awaits; other transports' threads
 * enqueue into the inbox and signal; {@link #wakeup()} from any thread.
 */
final class InMemoryTransport implements Transport {
    private record Item(int peerId, int generation, byte[] message, AtomicInteger queuedBytes, boolean connected) {
    }

    private final InMemoryNetwork network;
    private final int selfId;
    private final int maxMessageBytes;
    private final int queueBytes;
    private final ConcurrentLinkedQueue<Item> inbox = new ConcurrentLinkedQueue<>();
    private final WakeSignal signal = new WakeSignal();
    private final ArrayList<ConnectionListener> listeners = new ArrayList<>();
    // Invariant: peer id -> generation of the connection the agent was last told is up; absent after a loss.
    private final Int2IntHashMap announced = new Int2IntHashMap(0);
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private volatile boolean closed;

    InMemoryTransport(InMemoryNetwork network, int selfId, int maxMessageBytes, int queueBytes) {
        this.network = network;
        this.selfId = selfId;
        this.maxMessageBytes = maxMessageBytes;
        this.queueBytes = queueBytes;
    }

    @Override
    public int selfId() {
        return selfId;
    }

    @Override
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Queues to a peer; an id with no transport (yet) is simply not connected. */
    @Override
    public boolean send(int peerId, DirectBuffer buffer, int offset, int length) {
        if (peerId == selfId || length < 0 || length > maxMessageBytes) {
            throw new IllegalArgumentException("cannot send " + length + " bytes from " + selfId + " to " + peerId);
        }
        int generation = announced.get(peerId);
        if (closed || generation == 0) {
            return false;
        }
        InMemoryNetwork.Link link = network.link(selfId, peerId);
        synchronized (link) {
            if (!link.up || link.generation != generation) {
                return false;
            }
            AtomicInteger queued = link.queuedFrom(selfId);
            if (queued.get() + length > queueBytes) {
                return false;
            }
            byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            queued.addAndGet(length);
            link.end(peerId).enqueue(new Item(selfId, generation, copy, queued, false));
        }
        return true;
    }

    @Override
    public void flush() {
        // Messages are handed to the receiving side when sent: nothing waits to be written.
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        int work = 0;
        Item item;
        while (work < limit && !closed && (item = inbox.poll()) != null) {
            work++;
            if (item.message() != null) {
                item.queuedBytes().addAndGet(-item.message().length);
                view.wrap(item.message());
                handler.onMessage(item.peerId(), view, 0, item.message().length);
            } else if (item.connected()) {
                announced.put(item.peerId(), item.generation());
                for (int i = 0; i < listeners.size(); i++) {
                    listeners.get(i).onConnected(item.peerId());
                }
            } else {
                announced.remove(item.peerId());
                for (int i = 0; i < listeners.size(); i++) {
                    listeners.get(i).onDisconnected(item.peerId());
                }
            }
        }
        return work;
    }

    @Override
    public boolean awaitWork(long timeoutNs) {
        return !closed && signal.await(timeoutNs, () -> !inbox.isEmpty());
    }

    @Override
    public void wakeup() {
        signal.signal();
    }

    @Override
    public boolean isConnected(int peerId) {
        int generation = announced.get(peerId);
        if (closed || generation == 0) {
            return false;
        }
        InMemoryNetwork.Link link = network.link(selfId, peerId);
        synchronized (link) {
            return link.up && link.generation == generation;
        }
    }

    @Override
    public int outboundQueuedBytes(int peerId) {
        InMemoryNetwork.Link link = network.link(selfId, peerId);
        synchronized (link) {
            return link.queuedFrom(selfId).get();
        }
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            network.onClosed(this);
            inbox.clear();
        }
    }

    /** Called by the network, holding the pair's link, to announce a connect or a cut. */
    void enqueueEvent(int peerId, int generation, boolean connected) {
        enqueue(new Item(peerId, generation, null, null, connected));
    }

    private void enqueue(Item item) {
        inbox.add(item);
        signal.signal();
    }
}
