package dev.coord;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionLifecycleTest {
    private final Coordinator coord = Coordinator.builder().tick(Duration.ofMillis(20)).start();

    @AfterEach
    void close() {
        coord.close();
    }

    private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(10, TimeUnit.SECONDS);
        assertThat(value).as("event within 10 s").isNotNull();
        return value;
    }

    @Test
    void shouldExpireAManualSessionThatStopsKeepingAliveAndDeleteItsEphemerals() throws Exception {
        Session worker = coord.openSession(Duration.ofMillis(200), Session.KeepAlive.MANUAL);
        BlockingQueue<SessionState> states = new LinkedBlockingQueue<>();
        worker.addSessionListener(states::add);
        worker.create("/lease", null, CreateMode.EPHEMERAL);
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        coord.exists("/lease", events::add);
        WatchedEvent deleted = next(events);
        assertThat(deleted.type()).isEqualTo(EventType.NODE_DELETED);
        assertThat(next(states)).isEqualTo(SessionState.EXPIRED);
        assertThat(worker.state()).isEqualTo(SessionState.EXPIRED);
        assertThatThrownBy(() -> worker.getData("/")).isInstanceOf(CoordException.SessionExpiredException.class);
    }

    @Test
    void shouldKeepAManualSessionAliveWhileItIsKeptAlive() throws Exception {
        Session worker = coord.openSession(Duration.ofMillis(300), Session.KeepAlive.MANUAL);
        worker.create("/kept", null, CreateMode.EPHEMERAL);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        while (System.nanoTime() < end) {
            worker.keepAlive();
            // Each round trip through the agent also lets the housekeeping ticks run.
            coord.sync("/");
            assertThat(coord.exists("/kept")).isNotNull();
            Thread.onSpinWait();
        }
        assertThat(worker.state()).isEqualTo(SessionState.CONNECTED);
    }

    @Test
    void shouldNeverExpireAnAutomaticSession() throws Exception {
        Session s = coord.openSession(Duration.ofMillis(100));
        s.create("/auto", null, CreateMode.EPHEMERAL);
        // Far longer than the timeout: a MANUAL marker session expiring proves time has passed.
        Session marker = coord.openSession(Duration.ofMillis(400), Session.KeepAlive.MANUAL);
        BlockingQueue<SessionState> states = new LinkedBlockingQueue<>();
        marker.addSessionListener(states::add);
        marker.create("/marker", null, CreateMode.EPHEMERAL);
        assertThat(next(states)).isEqualTo(SessionState.EXPIRED);
        assertThat(coord.exists("/auto")).isNotNull();
        assertThat(s.state()).isEqualTo(SessionState.CONNECTED);
    }

    @Test
    void shouldDeleteEphemeralsOfEverySessionPromptlyWhenTheCoordinatorCloses() {
        Coordinator other = Coordinator.builder().start();
        Session s = other.openSession(Duration.ofSeconds(30));
        s.create("/x", null, CreateMode.EPHEMERAL);
        other.create("/y", null, CreateMode.EPHEMERAL);
        other.close();
        assertThat(s.state()).isEqualTo(SessionState.CLOSED);
        assertThatThrownBy(() -> other.exists("/x")).isInstanceOf(CoordException.ClosedException.class);
        assertThatThrownBy(() -> s.create("/z", null, CreateMode.PERSISTENT)).isInstanceOf(CoordException.ClosedException.class);
    }

    @Test
    void shouldDeleteAnExpiredTtlNodeButNotAFreshOne() throws Exception {
        coord.create("/ttl-old", null, CreateMode.PERSISTENT_WITH_TTL, 150);
        coord.create("/ttl-long", null, CreateMode.PERSISTENT_WITH_TTL, 3_600_000);
        coord.create("/ttl-parent", null, CreateMode.PERSISTENT_WITH_TTL, 150);
        coord.create("/ttl-parent/child", null, CreateMode.PERSISTENT);
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        coord.exists("/ttl-old", events::add);
        assertThat(next(events).type()).isEqualTo(EventType.NODE_DELETED);
        assertThat(coord.exists("/ttl-long")).isNotNull();
        assertThat(coord.exists("/ttl-parent")).as("a TTL node with children stays").isNotNull();
        coord.delete("/ttl-parent/child", -1);
        coord.exists("/ttl-parent", events::add);
        assertThat(next(events).type()).isEqualTo(EventType.NODE_DELETED);
    }

    @Test
    void shouldRefuseABlockingCallOnTheAgentThread() {
        // A dependent action added before the future completes runs on the agent thread; one added
        // after runs on the caller. Repeat until the first case has been seen, checking both.
        boolean sawAgentThread = false;
        for (int i = 0; i < 1000 && !sawAgentThread; i++) {
            CompletableFuture<Throwable> seen = new CompletableFuture<>();
            Thread caller = Thread.currentThread();
            boolean[] onAgent = new boolean[1];
            coord.createAsync("/cb" + i, null, CreateMode.PERSISTENT, 0).thenAccept(path -> {
                onAgent[0] = Thread.currentThread() != caller;
                try {
                    coord.exists("/cb" + path.length(), e -> { });
                    seen.complete(null);
                } catch (Throwable t) {
                    seen.complete(t);
                }
            }).join();
            if (onAgent[0]) {
                sawAgentThread = true;
                assertThat(seen.join()).isInstanceOf(IllegalStateException.class).hasMessageContaining("agent thread");
            } else {
                assertThat(seen.join()).isNull();
            }
        }
        assertThat(sawAgentThread).isTrue();
    }

    @Test
    void shouldRejectASessionTimeoutOutsideTheTickBounds() {
        assertThatThrownBy(() -> coord.openSession(Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside");
    }

    @Test
    void shouldKeepPerSessionOrderForPipelinedAsyncCalls() {
        Session s = coord.openSession(Duration.ofSeconds(5));
        CompletableFuture<String> created = s.createAsync("/order", new byte[] {1}, CreateMode.PERSISTENT, 0);
        CompletableFuture<Stat> set = s.setDataAsync("/order", new byte[] {2}, 0);
        CompletableFuture<NodeData> read = s.getDataAsync("/order", null);
        assertThat(created.join()).isEqualTo("/order");
        assertThat(set.join().version()).isEqualTo(1);
        assertThat(read.join().data()).containsExactly(2);
    }
}
