package dev.coord.peer;

import dev.coord.Acl;
import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.CreateMode;
import dev.coord.Durability;
import dev.coord.Op;
import dev.coord.Session;
import dev.coord.AddWatchMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * LimitsTest checks each limit against abuse: a clear LimitExceededException (or, for data, the
 * BadArgumentsException it always was) that names the limit, and nothing changed. Outstanding-request
 * limits are tested with the agent thread held on a latch, so "outstanding" is exact, not timing.
 */
class LimitsTest {
    private static final long SESSION_MS = 5_000;

    private static PeerAgent start(Limits limits) {
        PeerConfig config = new PeerConfig(1, null, Durability.NONE, SESSION_MS, 100, 100_000, 3, 64, 1 << 20, null,
                limits, null);
        return PeerAgent.start(config, Clock.SYSTEM);
    }

    private static Limits limits(int children, int perSession, int perPeer, int sessionsPerPeer, int sessions, int watches) {
        return new Limits(children, perSession, perPeer, sessionsPerPeer, sessions, watches);
    }

    /** Holds the agent thread until the returned latch is released; returns once it is held. */
    private static CountDownLatch holdAgent(PeerAgent agent) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        agent.runOnAgent(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    @Test
    void shouldRefuseDataOverTheLimitInCreateSetDataAndMulti() {
        try (Coordinator coord = Coordinator.builder().maxDataBytes(8).start()) {
            byte[] big = new byte[9];
            assertThatThrownBy(() -> coord.create("/big", big, CreateMode.PERSISTENT))
                    .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("/big").hasMessageContaining("8");
            coord.create("/ok", new byte[8], CreateMode.PERSISTENT);
            assertThatThrownBy(() -> coord.setData("/ok", big, -1)).isInstanceOf(CoordException.BadArgumentsException.class);
            assertThatThrownBy(() -> coord.multi(List.of(Op.create("/m", null, CreateMode.PERSISTENT), Op.setData("/ok", big, -1))))
                    .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("/ok");
            assertThatThrownBy(() -> coord.create("/big2", big, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                    .isInstanceOf(CoordException.BadArgumentsException.class);
            assertThat(coord.exists("/m")).isNull();
            assertThat(coord.getData("/ok").data()).hasSize(8);
        }
    }

    @Test
    void shouldFailAGetChildrenOfMoreChildrenThanTheLimitNamingPathAndCount() {
        try (Coordinator coord = Coordinator.builder().maxChildrenListed(3).start()) {
            coord.create("/p", null, CreateMode.PERSISTENT);
            for (int i = 0; i < 3; i++) {
                coord.create("/p/c" + i, null, CreateMode.PERSISTENT);
            }
            assertThat(coord.getChildren("/p")).hasSize(3);
            assertThat(coord.getChildren("/p", e -> { })).hasSize(3);
            coord.create("/p/c3", null, CreateMode.PERSISTENT);
            assertThatThrownBy(() -> coord.getChildren("/p")).isInstanceOf(CoordException.LimitExceededException.class)
                    .hasMessageContaining("/p").hasMessageContaining("4 children").hasMessageContaining("maxChildrenListed");
            assertThatThrownBy(() -> coord.getChildren("/p", e -> { })).isInstanceOf(CoordException.LimitExceededException.class);
            assertThat(coord.exists("/p").numChildren()).isEqualTo(4);
        }
    }

    @Test
    void shouldRefuseRequestsBeyondASessionsOutstandingLimitInsteadOfQueueingThem() throws Exception {
        PeerAgent agent = start(limits(100, 3, 100, 10, 100, 100));
        try {
            Session s = agent.openSession(SESSION_MS, Session.KeepAlive.AUTOMATIC).join();
            Session other = agent.openSession(SESSION_MS, Session.KeepAlive.AUTOMATIC).join();
            CountDownLatch release = holdAgent(agent);
            List<CompletableFuture<String>> admitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                admitted.add(s.createAsync("/n" + i, null, CreateMode.PERSISTENT, 0));
            }
            CompletableFuture<String> refused = s.createAsync("/n3", null, CreateMode.PERSISTENT, 0);
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).hasCauseInstanceOf(CoordException.LimitExceededException.class)
                    .hasMessageContaining("maxOutstandingPerSession");
            // Another session of the same peer is not affected.
            CompletableFuture<String> fromOther = other.createAsync("/o", null, CreateMode.PERSISTENT, 0);
            release.countDown();
            for (CompletableFuture<String> f : admitted) {
                f.get(10, TimeUnit.SECONDS);
            }
            fromOther.get(10, TimeUnit.SECONDS);
            assertThat(s.exists("/n3")).isNull();
            // Once they completed, the session has room again.
            s.create("/n3", null, CreateMode.PERSISTENT);
        } finally {
            agent.shutdown();
        }
    }

    @Test
    void shouldRefuseRequestsBeyondThePeersOutstandingLimitOverAllItsSessions() throws Exception {
        PeerAgent agent = start(limits(100, 10, 4, 10, 100, 100));
        try {
            Session a = agent.openSession(SESSION_MS, Session.KeepAlive.AUTOMATIC).join();
            Session b = agent.openSession(SESSION_MS, Session.KeepAlive.AUTOMATIC).join();
            CountDownLatch release = holdAgent(agent);
            List<CompletableFuture<?>> admitted = new ArrayList<>();
            admitted.add(a.createAsync("/a0", null, CreateMode.PERSISTENT, 0));
            admitted.add(a.createAsync("/a1", null, CreateMode.PERSISTENT, 0));
            admitted.add(b.createAsync("/b0", null, CreateMode.PERSISTENT, 0));
            admitted.add(b.existsAsync("/a0", e -> { }));
            CompletableFuture<Void> refused = b.deleteAsync("/a0", -1);
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).hasCauseInstanceOf(CoordException.LimitExceededException.class)
                    .hasMessageContaining("maxOutstandingPerPeer");
            release.countDown();
            for (CompletableFuture<?> f : admitted) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(agent.quotas().outstanding()).isZero();
            assertThat(a.exists("/a0")).isNotNull();
        } finally {
            agent.shutdown();
        }
    }

    @Test
    void shouldRefuseSessionsBeyondThePeersLimitAndTakeThemAgainOnceClosed() {
        PeerAgent agent = start(limits(100, 10, 100, 2, 100, 100));
        try {
            Session a = agent.openSession(SESSION_MS, Session.KeepAlive.AUTOMATIC).join();
            Session b = agent.openSession(SESSION_MS, Session.KeepAlive.AUTOMATIC).join();
            assertThatThrownBy(() -> agent.openSession(SESSION_MS, Session.KeepAlive.AUTOMATIC).join())
                    .hasCauseInstanceOf(CoordException.LimitExceededException.class).hasMessageContaining("maxSessionsPerPeer");
            a.close();
            Session c = agent.openSession(SESSION_MS, Session.KeepAlive.AUTOMATIC).join();
            assertThat(agent.quotas().sessions()).isEqualTo(2);
            b.close();
            c.close();
            assertThat(agent.quotas().sessions()).isZero();
        } finally {
            agent.shutdown();
        }
    }

    @Test
    void shouldRefuseSessionsBeyondTheEnsemblesLimit() {
        try (Coordinator coord = Coordinator.builder().maxSessions(2).start()) {
            Session second = coord.openSession(Duration.ofSeconds(5));
            assertThatThrownBy(() -> coord.openSession(Duration.ofSeconds(5)))
                    .isInstanceOf(CoordException.LimitExceededException.class).hasMessageContaining("maxSessions");
            assertThat(coord.status().sessionCount()).isEqualTo(2);
            second.close();
            coord.openSession(Duration.ofSeconds(5)).close();
        }
    }

    @Test
    void shouldRefuseWatchesBeyondASessionsLimitAndCountFiredOnesOut() throws Exception {
        try (Coordinator coord = Coordinator.builder().maxWatchesPerSession(3).start();
             Session other = coord.openSession(Duration.ofSeconds(5))) {
            coord.create("/w", null, CreateMode.PERSISTENT);
            CountDownLatch fired = new CountDownLatch(1);
            coord.getData("/w", e -> fired.countDown());
            coord.exists("/x", e -> { });
            coord.addWatch("/y", e -> { }, AddWatchMode.PERSISTENT);
            assertThatThrownBy(() -> coord.getChildren("/w", e -> { }))
                    .isInstanceOf(CoordException.LimitExceededException.class)
                    .hasMessageContaining("maxWatchesPerSession").hasMessageContaining("/w");
            assertThatThrownBy(() -> coord.addWatch("/z", e -> { }, AddWatchMode.PERSISTENT_RECURSIVE))
                    .isInstanceOf(CoordException.LimitExceededException.class);
            // Reads without a watch still work, and other sessions have their own count.
            coord.getChildren("/w");
            other.getChildren("/w", e -> { });
            // A one-shot watch that fired no longer counts.
            coord.setData("/w", new byte[] {1}, -1);
            assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
            coord.getChildren("/w", e -> { });
        }
    }
}
