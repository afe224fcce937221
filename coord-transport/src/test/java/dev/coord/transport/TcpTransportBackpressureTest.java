package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class TcpTransportBackpressureTest {
    private static final int QUEUE_BYTES = 256 * 1024;
    private static final int MESSAGE_BYTES = 1024;

    @Test
    void sendReturnsFalseOnceTheQueueBoundIsReachedWhenThePeerNeverReadsAndNothingIsLost() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2);
        AgentLoop reader = new AgentLoop(TestPeers.transport(1, members)).start();
        AgentLoop writer = new AgentLoop(new TcpTransport(TestPeers.config(2, members)
            .maxFrameBytes(64 * 1024).outboundQueueBytes(QUEUE_BYTES).build(), new Random(2))).start();
        try {
            Await.until("1 and 2 connected",
                () -> reader.connectedPeers().contains(2) && writer.connectedPeers().contains(1));
            AtomicLong received = new AtomicLong();
            Queue<String> orderErrors = new ConcurrentLinkedQueue<>();
            reader.onMessage((from, buffer, offset, length) -> {
                long sequence = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
                if (sequence != received.getAndIncrement()) {
                    orderErrors.add("got " + sequence);
                }
            });
            reader.polling(false);

            Flood flood = new Flood(writer.transport());
            writer.workload(flood);
            Await.until("sends refused many times over", () -> flood.refusals.get() >= 20);
            writer.workload(null);
            long accepted = writer.call(t -> flood.accepted);

            assertThat(flood.maxQueuedBytes.get()).isLessThanOrEqualTo(QUEUE_BYTES);
            assertThat(flood.minQueuedAtRefusal.get())
                .isGreaterThan(QUEUE_BYTES - FrameDescriptor.frameLength(MESSAGE_BYTES));
            reader.polling(true);
            Await.until("everything accepted arrived", () -> received.get() == accepted);
            assertThat(orderErrors).isEmpty();
            assertThat(writer.events()).containsExactly("connected 1");
        } finally {
            reader.close();
            writer.close();
        }
        assertThat(reader.failure()).isNull();
        assertThat(writer.failure()).isNull();
    }

    /** A workload that sends 1 KiB sequenced messages to peer 1 until refused, each duty cycle. */
    private static final class Flood implements BooleanSupplier {
        final AtomicInteger refusals = new AtomicInteger();
        final AtomicInteger maxQueuedBytes = new AtomicInteger();
        final AtomicInteger minQueuedAtRefusal = new AtomicInteger(Integer.MAX_VALUE);
        private final Transport transport;
        private final UnsafeBuffer message = new UnsafeBuffer(new byte[MESSAGE_BYTES]);
        long accepted;

        Flood(Transport transport) {
            this.transport = transport;
        }

        @Override
        public boolean getAsBoolean() {
            for (int i = 0; i < 256; i++) {
                message.putLong(0, accepted, ByteOrder.LITTLE_ENDIAN);
                boolean queued = transport.send(1, message, 0, MESSAGE_BYTES);
                int queuedBytes = transport.outboundQueuedBytes(1);
                maxQueuedBytes.accumulateAndGet(queuedBytes, Math::max);
                if (!queued) {
                    refusals.incrementAndGet();
                    minQueuedAtRefusal.accumulateAndGet(queuedBytes, Math::min);
                    return false;
                }
                accepted++;
            }
            return true;
        }
    }
}
