package dev.coord.peer;

import dev.coord.metrics.ConnectionStats;
import dev.coord.transport.ConnectionListener;
import dev.coord.transport.MessageHandler;
import dev.coord.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.agrona.DirectBuffer;

/**
 * CountingTransport is a {@link Transport} that counts, per other member, the messages and payload
 * bytes it sends and delivers, and passes everything else through. Counting costs two array
 * increments per message and allocates nothing.
 *
 * <p>Called only on the agent thread, as the transport it wraps (except {@link #wakeup()}); the
 * counters are read there too, by {@link #connections()}.
 */
final class CountingTransport implements Transport {
    private final Transport delegate;
    // Invariant: sorted; index i of the counters below is the member peerIds[i].
    private final int[] peerIds;
    private final long[] messagesSent;
    private final long[] bytesSent;
    private final long[] messagesReceived;
    private final long[] bytesReceived;
    private final CountingHandler counting = new CountingHandler();

    CountingTransport(Transport delegate, Set<Integer> otherMembers) {
        this.delegate = delegate;
        this.peerIds = otherMembers.stream().mapToInt(Integer::intValue).sorted().toArray();
        this.messagesSent = new long[peerIds.length];
        this.bytesSent = new long[peerIds.length];
        this.messagesReceived = new long[peerIds.length];
        this.bytesReceived = new long[peerIds.length];
    }

    /** The traffic with each other member so far, by peer id. */
    List<ConnectionStats> connections() {
        List<ConnectionStats> stats = new ArrayList<>(peerIds.length);
        for (int i = 0; i < peerIds.length; i++) {
            stats.add(new ConnectionStats(peerIds[i], delegate.isConnected(peerIds[i]), messagesSent[i], bytesSent[i],
                    messagesReceived[i], bytesReceived[i]));
        }
        return stats;
    }

    @Override
    public boolean send(int peerId, DirectBuffer buffer, int offset, int length) {
        boolean queued = delegate.send(peerId, buffer, offset, length);
        if (queued) {
            int i = java.util.Arrays.binarySearch(peerIds, peerId);
            if (i >= 0) {
                messagesSent[i]++;
                bytesSent[i] += length;
            }
        }
        return queued;
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        counting.target = handler;
        try {
            return delegate.poll(counting, limit);
        } finally {
            counting.target = null;
        }
    }

    /** CountingHandler counts each delivered message, then hands it to the poll's handler. */
    private final class CountingHandler implements MessageHandler {
        MessageHandler target;

        @Override
        public void onMessage(int peerId, DirectBuffer buffer, int offset, int length) {
            int i = java.util.Arrays.binarySearch(peerIds, peerId);
            if (i >= 0) {
                messagesReceived[i]++;
                bytesReceived[i] += length;
            }
            target.onMessage(peerId, buffer, offset, length);
        }
    }

    @Override
    public int selfId() {
        return delegate.selfId();
    }

    @Override
    public int maxMessageBytes() {
        return delegate.maxMessageBytes();
    }

    @Override
    public boolean awaitWork(long timeoutNs) {
        return delegate.awaitWork(timeoutNs);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
    }

    @Override
    public boolean isConnected(int peerId) {
        return delegate.isConnected(peerId);
    }

    @Override
    public int outboundQueuedBytes(int peerId) {
        return delegate.outboundQueuedBytes(peerId);
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        delegate.addConnectionListener(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
