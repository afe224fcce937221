package dev.coord.recipes.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.recipes.testing.Fixture;
import dev.coord.recipes.testing.Parallel;
import dev.coord.recipes.testing.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests of {@link DistributedQueue}: FIFO, several producers and consumers, priorities, blocking take. */
class DistributedQueueTest {
    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldDeliverEveryItemOnceInEachProducersOrderToSeveralConsumers(Topology topology) {
        int producers = 4;
        int consumers = 4;
        int perProducer = 40;
        int total = producers * perProducer;
        try (Fixture f = Fixture.of(topology, "queue")) {
            String path = f.path("queue");
            List<DistributedQueue> queues = new ArrayList<>();
            for (int i = 0; i < producers + consumers; i++) {
                queues.add(new DistributedQueue(f.session(), path));
            }
            List<List<String>> received = new ArrayList<>();
            for (int i = 0; i < consumers; i++) {
                received.add(Collections.synchronizedList(new ArrayList<>()));
            }
            AtomicInteger taken = new AtomicInteger();

            Parallel.run(producers + consumers, Duration.ofSeconds(90), i -> {
                DistributedQueue q = queues.get(i);
                if (i < producers) {
                    for (int n = 0; n < perProducer; n++) {
                        q.offer(("p" + i + ":" + n).getBytes(StandardCharsets.UTF_8));
                    }
                } else {
                    while (taken.get() < total) {
                        byte[] item = q.take(Duration.ofMillis(200));
                        if (item != null) {
                            taken.incrementAndGet();
                            received.get(i - producers).add(new String(item, StandardCharsets.UTF_8));
                        }
                    }
                }
            });

            List<String> all = new ArrayList<>();
            received.forEach(all::addAll);
            assertThat(all).as("no item lost, none delivered twice").hasSize(total).doesNotHaveDuplicates();
            for (List<String> consumer : received) {
                Map<String, Integer> lastOfProducer = new HashMap<>();
                for (String item : consumer) {
                    String producer = item.substring(0, item.indexOf(':'));
                    int n = Integer.parseInt(item.substring(item.indexOf(':') + 1));
                    assertThat(n).as("each consumer sees each producer's items in order")
                            .isGreaterThan(lastOfProducer.getOrDefault(producer, -1));
                    lastOfProducer.put(producer, n);
                }
            }
            assertThat(queues.get(0).size()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldBeFifoForOneConsumerAndHonourPriorities(Topology topology) {
        try (Fixture f = Fixture.of(topology, "queue-order")) {
            DistributedQueue producer = new DistributedQueue(f.session(), f.path("fifo"));
            DistributedQueue consumer = new DistributedQueue(f.session(), f.path("fifo"));
            List<CompletableFuture<String>> pipelined = new ArrayList<>();
            for (int n = 0; n < 20; n++) {
                pipelined.add(producer.offerAsync(bytes("item-" + n), DistributedQueue.DEFAULT_PRIORITY));
            }
            pipelined.forEach(CompletableFuture::join);
            consumer.peek();
            f.syncAll();
            assertThat(new String(consumer.peek(), StandardCharsets.UTF_8)).isEqualTo("item-0");
            for (int n = 0; n < 20; n++) {
                assertThat(new String(consumer.poll(), StandardCharsets.UTF_8)).isEqualTo("item-" + n);
            }
            assertThat(consumer.poll()).isNull();

            DistributedQueue prioritised = new DistributedQueue(f.session(), f.path("priority"));
            prioritised.offer(bytes("low"), 5);
            prioritised.offer(bytes("urgent-1"), -3);
            prioritised.offer(bytes("normal"), 0);
            prioritised.offer(bytes("urgent-2"), -3);
            List<String> order = new ArrayList<>();
            byte[] item;
            while ((item = prioritised.poll()) != null) {
                order.add(new String(item, StandardCharsets.UTF_8));
            }
            assertThat(order).containsExactly("urgent-1", "urgent-2", "normal", "low");
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldBlockTakeUntilAnOfferArrivesFromAnotherPeer(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "queue-take")) {
            String path = f.path("take");
            DistributedQueue consumer = new DistributedQueue(f.session(), path);
            DistributedQueue producer = new DistributedQueue(f.session(), path);
            assertThat(consumer.take(Duration.ofMillis(100))).as("empty, even before it exists").isNull();
            CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return consumer.take(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            producer.offer(bytes("hello"));
            assertThat(new String(waiting.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
