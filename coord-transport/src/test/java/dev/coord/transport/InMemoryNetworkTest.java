package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class InMemoryNetworkTest {
    private final InMemoryNetwork network = new InMemoryNetwork(1024, 4096);

    @Test
    void shouldAnnounceEveryPeerThatJoinsAndDeliverInFifoOrderPerPair() {
        Recorder one = new Recorder(network.transport(1));
        Recorder two = new Recorder(network.transport(2));
        Recorder three = new Recorder(network.transport(3));
        pollAll(one, two, three);
        assertThat(one.events).containsExactly("connected 2", "connected 3");
        assertThat(three.events).containsExactly("connected 1", "connected 2");

        for (long i = 0; i < 100; i++) {
            assertThat(one.transport.send(3, Frames.sequenced(i, 8), 0, 8)).isTrue();
            assertThat(two.transport.send(3, Frames.sequenced(1000 + i, 8), 0, 8)).isTrue();
        }
        pollAll(one, two, three);

        assertThat(three.sequencesFrom(1)).containsExactlyElementsOf(range(0, 100));
        assertThat(three.sequencesFrom(2)).containsExactlyElementsOf(range(1000, 1100));
    }

    @Test
    void shouldRefuseSendsUntilTheSenderHasBeenToldOfTheConnection() {
        Recorder one = new Recorder(network.transport(1));
        Recorder two = new Recorder(network.transport(2));

        assertThat(one.transport.send(2, Frames.sequenced(1, 8), 0, 8)).isFalse();
        assertThat(one.transport.isConnected(2)).isFalse();
        pollAll(one, two);
        assertThat(one.transport.isConnected(2)).isTrue();
        assertThat(one.transport.send(2, Frames.sequenced(1, 8), 0, 8)).isTrue();
        assertThat(one.transport.send(7, Frames.sequenced(1, 8), 0, 8)).isFalse();
    }

    @Test
    void shouldDeliverWhatWasSentBeforeACutThenTheDisconnectAndNothingAfter() {
        Recorder one = new Recorder(network.transport(1));
        Recorder two = new Recorder(network.transport(2));
        pollAll(one, two);

        assertThat(one.transport.send(2, Frames.sequenced(1, 8), 0, 8)).isTrue();
        network.disconnect(1, 2);
        assertThat(one.transport.send(2, Frames.sequenced(2, 8), 0, 8)).isFalse();
        pollAll(one, two);

        assertThat(two.events).containsExactly("connected 1", "message 1:1", "disconnected 1");
        assertThat(one.transport.isConnected(2)).isFalse();

        network.reconnect(1, 2);
        pollAll(one, two);
        assertThat(one.transport.send(2, Frames.sequenced(3, 8), 0, 8)).isTrue();
        pollAll(one, two);
        assertThat(two.events).containsExactly(
            "connected 1", "message 1:1", "disconnected 1", "connected 1", "message 1:3");
    }

    @Test
    void shouldCutOnlyPairsAcrossAPartitionAndJoinThemAgainOnHeal() {
        Recorder one = new Recorder(network.transport(1));
        Recorder two = new Recorder(network.transport(2));
        Recorder three = new Recorder(network.transport(3));
        pollAll(one, two, three);

        network.partition(Set.of(1));
        pollAll(one, two, three);
        assertThat(one.transport.isConnected(2)).isFalse();
        assertThat(one.transport.isConnected(3)).isFalse();
        assertThat(two.transport.isConnected(3)).isTrue();

        network.heal();
        pollAll(one, two, three);
        assertThat(one.transport.isConnected(2)).isTrue();
        assertThat(three.transport.isConnected(1)).isTrue();
    }

    @Test
    void shouldKeepAnIsolatedPeerApartFromPeersThatJoinLater() {
        Recorder one = new Recorder(network.transport(1));
        network.isolate(1);
        Recorder two = new Recorder(network.transport(2));
        pollAll(one, two);

        assertThat(one.events).isEmpty();
        assertThat(two.events).isEmpty();
    }

    @Test
    void shouldRefuseSendsOnceAPairsQueueIsFullAndAcceptAgainAfterTheReceiverPolls() {
        Recorder one = new Recorder(network.transport(1));
        Recorder two = new Recorder(network.transport(2));
        pollAll(one, two);
        UnsafeBuffer payload = new UnsafeBuffer(new byte[1000]);

        int accepted = 0;
        while (one.transport.send(2, payload, 0, 1000)) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(4);
        assertThat(one.transport.outboundQueuedBytes(2)).isEqualTo(4000);

        pollAll(two);
        assertThat(one.transport.outboundQueuedBytes(2)).isZero();
        assertThat(one.transport.send(2, payload, 0, 1000)).isTrue();
        assertThatThrownBy(() -> one.transport.send(2, payload, 0, 1025)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDisconnectThePeersOfATransportThatCloses() {
        Recorder one = new Recorder(network.transport(1));
        Recorder two = new Recorder(network.transport(2));
        pollAll(one, two);

        two.transport.close();
        pollAll(one);

        assertThat(one.events).containsExactly("connected 2", "disconnected 2");
        Recorder twoAgain = new Recorder(network.transport(2));
        pollAll(one, twoAgain);
        assertThat(one.transport.isConnected(2)).isTrue();
    }

    @Test
    void shouldWakeAnAgentBlockedInAwaitWorkWhenAMessageArrivesFromAnotherThread() throws Exception {
        Recorder one = new Recorder(network.transport(1));
        Recorder two = new Recorder(network.transport(2));
        pollAll(one, two);
        Thread sender = new Thread(() -> one.transport.send(2, Frames.sequenced(5, 8), 0, 8));

        long startNs = System.nanoTime();
        sender.start();
        boolean woken = two.transport.awaitWork(TimeUnit.SECONDS.toNanos(10));
        sender.join();

        assertThat(woken).isTrue();
        assertThat(System.nanoTime() - startNs).isLessThan(TimeUnit.SECONDS.toNanos(10));
        pollAll(two);
        assertThat(two.sequencesFrom(1)).containsExactly(5L);
    }

    private static void pollAll(Recorder... recorders) {
        for (Recorder recorder : recorders) {
            while (recorder.transport.poll(recorder::onMessage, 1000) > 0) {
                continue;
            }
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long i = from; i < to; i++) {
            values.add(i);
        }
        return values;
    }

    /** Polls one transport on the test thread and records what it was told. */
    private static final class Recorder implements ConnectionListener {
        final Transport transport;
        final List<String> events = new ArrayList<>();
        final List<long[]> messages = new ArrayList<>();

        Recorder(Transport transport) {
            this.transport = transport;
            transport.addConnectionListener(this);
        }

        void onMessage(int from, DirectBuffer buffer, int offset, int length) {
            long sequence = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
            messages.add(new long[]{from, sequence});
            events.add("message " + from + ":" + sequence);
        }

        List<Long> sequencesFrom(int peerId) {
            return messages.stream().filter(m -> m[0] == peerId).map(m -> m[1]).toList();
        }

        @Override
        public void onConnected(int peerId) {
            events.add("connected " + peerId);
        }

        @Override
        public void onDisconnected(int peerId) {
            events.add("disconnected " + peerId);
        }
    }
}
