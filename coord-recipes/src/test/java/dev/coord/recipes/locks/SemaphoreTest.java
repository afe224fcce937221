package dev.coord.recipes.locks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.recipes.testing.Await;
import dev.coord.recipes.testing.Fixture;
import dev.coord.recipes.testing.Parallel;
import dev.coord.recipes.testing.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests of {@link Semaphore}: never more holders than leases, every waiter served, no herd. */
class SemaphoreTest {
    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldNeverGrantMoreLeasesThanItHasAndServeEveryWaiter(Topology topology) {
        int sessions = 12;
        int leases = 3;
        int rounds = 4;
        try (Fixture f = Fixture.of(topology, "semaphore")) {
            String path = f.path("sem");
            List<Semaphore> semaphores = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                semaphores.add(new Semaphore(f.session(), path, leases));
            }
            AtomicInteger holders = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            AtomicInteger served = new AtomicInteger();
            Set<Long> tokens = Collections.synchronizedSet(new HashSet<>());

            Parallel.run(sessions, Duration.ofSeconds(60), i -> {
                for (int round = 0; round < rounds; round++) {
                    try (Grant lease = semaphores.get(i).acquire()) {
                        int now = holders.incrementAndGet();
                        most.accumulateAndGet(now, Math::max);
                        assertThat(now).as("holders at once").isLessThanOrEqualTo(leases);
                        assertThat(tokens.add(lease.fencingToken())).as("tokens are unique").isTrue();
                        Thread.yield();
                        holders.decrementAndGet();
                        served.incrementAndGet();
                    }
                }
            });
            assertThat(served.get()).isEqualTo(sessions * rounds);
            assertThat(most.get()).isBetween(1, leases);
            Await.until(() -> f.peer(0).getChildren(path).isEmpty(), "every node released (releases are not waited for)");
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldWakeAtMostTwoWaitersPerReleaseNotTheHerd(Topology topology) throws Exception {
        int leases = 2;
        int waiters = 6;
        try (Fixture f = Fixture.of(topology, "semaphore-herd")) {
            String path = f.path("sem");
            List<Grant> held = new ArrayList<>();
            for (int i = 0; i < leases; i++) {
                held.add(new Semaphore(f.session(), path, leases).acquire());
            }
            List<Semaphore> semaphores = new ArrayList<>();
            List<CompletableFuture<Long>> served = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                Semaphore s = new Semaphore(f.session(), path, leases);
                semaphores.add(s);
                served.add(CompletableFuture.supplyAsync(() -> {
                    try (Grant g = s.acquire()) {
                        return g.fencingToken();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, r -> new Thread(r, "waiter").start()));
            }
            Await.until(() -> f.peer(0).getChildren(path).size() == leases + waiters, "every waiter queued");

            for (Grant g : held) {
                g.close();
            }
            for (CompletableFuture<Long> s : served) {
                assertThat(s.get(30, TimeUnit.SECONDS)).isPositive();
            }
            long wakeups = semaphores.stream().mapToLong(Semaphore::wokenByWatch).sum();
            assertThat(wakeups).as("releases: %d; a herd would be about %d", waiters + leases, waiters * waiters / 2)
                    .isLessThanOrEqualTo(2L * (waiters + leases));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldActAsAMutexWithOneLease(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "semaphore-one")) {
            String path = f.path("sem");
            Semaphore a = new Semaphore(f.session(), path, 1);
            Semaphore b = new Semaphore(f.session(), path, 1);
            try (Grant held = a.acquire()) {
                assertThat(b.tryAcquire(Duration.ofMillis(100))).isNull();
                assertThat(held.isValid()).isTrue();
            }
            try (Grant next = b.tryAcquire(Duration.ofSeconds(10))) {
                assertThat(next).isNotNull();
            }
        }
    }
}
