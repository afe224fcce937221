package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpTransportTest {
    private final List<AgentLoop> loops = new ArrayList<>();

    @AfterEach
    void closeLoops() {
        loops.forEach(AgentLoop::close);
        for (AgentLoop loop : loops) {
            assertThat(loop.failure()).as("failure on agent %d", loop.transport().selfId()).isNull();
        }
    }

    @Test
    void threePeersOnLoopbackExchangeAHundredThousandMessagesInFifoOrderWithoutLoss() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2, 3);
        int perDirection = 16_667;
        AtomicLong received = new AtomicLong();
        Queue<String> orderErrors = new ConcurrentLinkedQueue<>();
        for (int id = 1; id <= 3; id++) {
            AgentLoop loop = loop(TestPeers.transport(id, members));
            long[] expected = new long[4];
            loop.onMessage((from, buffer, offset, length) -> {
                long sequence = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
                if (sequence != expected[from] || length != 32) {
                    orderErrors.add("from " + from + " got " + sequence + " expected " + expected[from]);
                }
                expected[from] = sequence + 1;
                received.incrementAndGet();
            });
        }
        loops.forEach(AgentLoop::start);
        awaitFullMesh();

        for (AgentLoop loop : loops) {
            loop.workload(sender(loop.transport(), perDirection));
        }
        Await.until("every message arrived", () -> received.get() == 6L * perDirection);

        assertThat(orderErrors).isEmpty();
        for (AgentLoop loop : loops) {
            assertThat(loop.events()).noneMatch(event -> event.startsWith("disconnected"));
        }
    }

    @Test
    void onlyOneConnectionPerPairIsOpenedWhenAllPeersStartAtOnce() {
        for (int round = 0; round < 3; round++) {
            Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2, 3);
            for (int id = 1; id <= 3; id++) {
                loop(TestPeers.transport(id, members));
            }
            loops.forEach(AgentLoop::start);
            awaitFullMesh();

            for (AgentLoop loop : loops) {
                int self = loop.transport().selfId();
                int sockets = loop.call(t -> ((TcpTransport) t).openConnectionCount());
                assertThat(sockets).as("sockets of %d", self).isEqualTo(2);
                assertThat(loop.events()).as("events of %d", self).hasSize(2).allMatch(e -> e.startsWith("connected"));
            }
            closeLoops();
            loops.clear();
        }
    }

    @Test
    void dialingPeerReconnectsAfterTheAcceptingPeerRestarts() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2);
        AgentLoop one = loop(TestPeers.transport(1, members)).start();
        AgentLoop two = loop(TestPeers.transport(2, members)).start();
        Await.until("1 and 2 connected", () -> two.connectedPeers().contains(1) && one.connectedPeers().contains(2));

        one.close();
        Await.until("2 saw 1 go", () -> two.events().contains("disconnected 1"));
        AgentLoop oneAgain = loop(TestPeers.transport(1, members)).start();

        Await.until("2 redialed 1", () -> oneAgain.connectedPeers().contains(2) && two.connectedPeers().contains(1));
        assertDelivers(two, oneAgain, 11);
        assertDelivers(oneAgain, two, 12);
        assertThat(two.events()).containsExactly("connected 1", "disconnected 1", "connected 1");
    }

    @Test
    void acceptingPeerTakesTheNewConnectionAfterTheDialingPeerRestarts() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2);
        AgentLoop one = loop(TestPeers.transport(1, members)).start();
        AgentLoop two = loop(TestPeers.transport(2, members)).start();
        Await.until("1 and 2 connected", () -> two.connectedPeers().contains(1) && one.connectedPeers().contains(2));

        two.close();
        Await.until("1 saw 2 go", () -> one.events().contains("disconnected 2"));
        AgentLoop twoAgain = loop(TestPeers.transport(2, members)).start();

        Await.until("2 dialed 1 again", () -> one.connectedPeers().contains(2) && twoAgain.connectedPeers().contains(1));
        assertDelivers(twoAgain, one, 21);
        assertDelivers(one, twoAgain, 22);
        assertThat(one.events()).containsExactly("connected 2", "disconnected 2", "connected 2");
    }

    @Test
    void peersBoundToOtherLoopbackAddressesConnectFromTheirOwnAddress() throws Exception {
        Map<Integer, InetSocketAddress> members = new TreeMap<>();
        members.putAll(TestPeers.addresses("127.0.0.2", 1));
        members.putAll(TestPeers.addresses("127.0.0.3", 2));
        members.putAll(TestPeers.addresses("127.0.0.4", 3));
        AgentLoop one = loop(TestPeers.transport(1, members)).start();
        AgentLoop two = loop(TestPeers.transport(2, members)).start();
        AgentLoop three = loop(TestPeers.transport(3, members)).start();
        awaitFullMesh();

        assertDelivers(three, one, 31);
        assertDelivers(one, two, 12);
        assertDelivers(two, three, 23);
        InetSocketAddress seenByOne = one.call(t -> ((TcpTransport) t).remoteAddress(2));
        assertThat(seenByOne.getAddress()).isEqualTo(InetAddress.getByName("127.0.0.3"));
    }

    @Test
    void aMessageOfTheMaximumSizeArrivesWholeAndALargerOneIsRefused() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2);
        AgentLoop one = loop(TestPeers.transport(1, members)).start();
        AgentLoop two = loop(TestPeers.transport(2, members)).start();
        Await.until("1 and 2 connected", () -> two.connectedPeers().contains(1) && one.connectedPeers().contains(2));
        int max = two.transport().maxMessageBytes();
        byte[] big = new byte[max];
        new Random(5).nextBytes(big);
        Queue<byte[]> arrived = new ConcurrentLinkedQueue<>();
        one.onMessage((from, buffer, offset, length) -> {
            byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            arrived.add(copy);
        });

        assertThat(two.send(1, new UnsafeBuffer(big), 0, max)).isTrue();
        Await.until("the big message arrived", () -> !arrived.isEmpty());

        assertThat(arrived.poll()).isEqualTo(big);
        assertThatThrownBy(() -> two.transport().send(1, new UnsafeBuffer(new byte[max + 1]), 0, max + 1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sendReturnsFalseUntilTheAgentHasBeenToldThePeerIsConnected() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2);
        AgentLoop two = loop(TestPeers.transport(2, members)).start();

        assertThat(two.send(1, Frames.sequenced(1, 8), 0, 8)).isFalse();
        boolean connected = two.call(t -> t.isConnected(1));
        assertThat(connected).isFalse();
        assertThatThrownBy(() -> two.call(t -> t.send(9, Frames.sequenced(1, 8), 0, 8)))
            .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    private AgentLoop loop(Transport transport) {
        AgentLoop loop = new AgentLoop(transport);
        loops.add(loop);
        return loop;
    }

    private void awaitFullMesh() {
        Await.until("every peer connected to every other", () ->
            loops.stream().allMatch(loop -> loop.connectedPeers().size() == loops.size() - 1));
    }

    /** Sends {@code token} from one loop to another (retrying while refused) and waits until it arrives. */
    static void assertDelivers(AgentLoop from, AgentLoop to, long token) {
        Queue<Long> arrived = new ConcurrentLinkedQueue<>();
        int fromId = from.transport().selfId();
        to.onMessage((peer, buffer, offset, length) -> {
            if (peer == fromId) {
                arrived.add(buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN));
            }
        });
        int toId = to.transport().selfId();
        Await.until("peer " + fromId + " queued to " + toId, () -> from.send(toId, Frames.sequenced(token, 8), 0, 8));
        Await.until("peer " + toId + " received from " + fromId, () -> arrived.contains(token));
    }

    /** A workload sending {@code count} 32-byte sequenced messages to each other peer, as fast as allowed. */
    private static BooleanSupplier sender(Transport transport, int count) {
        int self = transport.selfId();
        int[] others = self == 1 ? new int[]{2, 3} : self == 2 ? new int[]{1, 3} : new int[]{1, 2};
        long[] next = new long[4];
        UnsafeBuffer message = new UnsafeBuffer(new byte[32]);
        return () -> {
            boolean sent = false;
            for (int peer : others) {
                for (int k = 0; k < 128 && next[peer] < count; k++) {
                    message.putLong(0, next[peer], ByteOrder.LITTLE_ENDIAN);
                    if (!transport.send(peer, message, 0, 32)) {
                        break;
                    }
                    next[peer]++;
                    sent = true;
                }
            }
            return sent;
        };
    }
}
