package dev.coord.recipes.barrier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.recipes.testing.Fixture;
import dev.coord.recipes.testing.Parallel;
import dev.coord.recipes.testing.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests of {@link Barrier} and {@link DoubleBarrier} with members spread over the peers. */
class BarrierTest {
    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldHoldEveryWaiterUntilTheBarrierIsRemoved(Topology topology) throws Exception {
        int waiters = 6;
        try (Fixture f = Fixture.of(topology, "barrier")) {
            String path = f.path("barrier");
            Barrier setter = new Barrier(f.session(), path);
            setter.set();
            setter.set();                                       // idempotent
            List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
            AtomicInteger released = new AtomicInteger();
            for (int i = 0; i < waiters; i++) {
                Barrier b = new Barrier(f.session(), path);
                assertThat(b.await(Duration.ofMillis(50))).as("set: a waiter times out").isFalse();
                waiting.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        b.await();
                        released.incrementAndGet();
                        return true;
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, r -> new Thread(r, "waiter").start()));
            }
            assertThat(released.get()).isZero();

            setter.remove();
            for (CompletableFuture<Boolean> w : waiting) {
                assertThat(w.get(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(new Barrier(f.session(), path).await(Duration.ZERO)).as("a late waiter passes at once").isTrue();
            setter.remove();                                    // idempotent
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldLetMembersEnterTogetherAndLeaveTogether(Topology topology) {
        int members = 6;
        try (Fixture f = Fixture.of(topology, "double-barrier")) {
            String path = f.path("round");
            List<DoubleBarrier> barriers = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                barriers.add(new DoubleBarrier(f.session(), path, "member-" + i, members));
            }
            AtomicInteger arrived = new AtomicInteger();
            AtomicInteger leaving = new AtomicInteger();
            AtomicInteger working = new AtomicInteger();

            Parallel.run(members, Duration.ofSeconds(60), i -> {
                arrived.incrementAndGet();
                barriers.get(i).enter();
                assertThat(arrived.get()).as("nobody enters before all have arrived").isEqualTo(members);
                working.incrementAndGet();
                leaving.incrementAndGet();
                barriers.get(i).leave();
                assertThat(leaving.get()).as("nobody leaves before all have started leaving").isEqualTo(members);
            });
            assertThat(working.get()).isEqualTo(members);
            f.syncAll();
            assertThat(f.peer(0).getChildren(path)).as("the last member cleaned up, ready included").isEmpty();

            // The path serves a second round.
            AtomicInteger second = new AtomicInteger();
            Parallel.run(members, Duration.ofSeconds(60), i -> {
                second.incrementAndGet();
                barriers.get(i).enter();
                assertThat(second.get()).isEqualTo(members);
                barriers.get(i).leave();
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldNotCountAMemberThatGaveUpEntering(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "double-barrier-timeout")) {
            String path = f.path("round");
            DoubleBarrier early = new DoubleBarrier(f.session(), path, "early", 2);
            assertThat(early.enter(Duration.ofMillis(100))).isFalse();
            f.syncAll();
            assertThat(f.peer(0).getChildren(path)).isEmpty();
            DoubleBarrier a = new DoubleBarrier(f.session(), path, "a", 2);
            DoubleBarrier b = new DoubleBarrier(f.session(), path, "b", 2);
            CompletableFuture<Boolean> aEntered = CompletableFuture.supplyAsync(() -> {
                try {
                    return a.enter(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(b.enter(Duration.ofSeconds(30))).isTrue();
            assertThat(aEntered.get(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Boolean> aLeft = CompletableFuture.supplyAsync(() -> {
                try {
                    return a.leave(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(b.leave(Duration.ofSeconds(30))).isTrue();
            assertThat(aLeft.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
