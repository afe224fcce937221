package dev.coord.recipes.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.Op;
import dev.coord.Session;
import dev.coord.recipes.testing.Await;
import dev.coord.recipes.testing.Fixture;
import dev.coord.recipes.testing.Parallel;
import dev.coord.recipes.testing.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tests of {@link Lock} against a standalone Coordinator and a three-peer ensemble: mutual exclusion
 * under contention (checked independently of the lock), growing fencing tokens, every waiter served,
 * one wake-up per release, reentrancy, timeouts, fenced writes.
 */
class LockTest {
    private static final Duration WORKERS_DEADLINE = Duration.ofSeconds(60);

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldExcludeContendersServeEveryWaiterAndGrowTokens(Topology topology) {
        int sessions = 16;
        int rounds = 5;
        try (Fixture f = Fixture.of(topology, "mutex")) {
            String path = f.path("lock");
            List<Lock> locks = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                locks.add(new Lock(f.session(), path));
            }
            AtomicInteger inside = new AtomicInteger();
            int[] unguarded = {0};
            List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
            FencedResource resource = new FencedResource();

            Parallel.run(sessions, WORKERS_DEADLINE, i -> {
                for (int round = 0; round < rounds; round++) {
                    try (Grant grant = locks.get(i).lock()) {
                        assertThat(inside.incrementAndGet()).as("holders at once").isEqualTo(1);
                        assertThat(resource.admit(grant.fencingToken())).as("token admitted").isTrue();
                        tokens.add(grant.fencingToken());
                        unguarded[0]++;                       // a plain int: exact only under mutual exclusion
                        inside.decrementAndGet();
                    }
                }
            });

            assertThat(unguarded[0]).isEqualTo(sessions * rounds);
            assertThat(tokens).hasSize(sessions * rounds).isSorted().doesNotHaveDuplicates();
            Await.until(() -> f.peer(0).getChildren(path).isEmpty(), "every node released (releases are not waited for)");
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldWakeExactlyOneWaiterPerRelease(Topology topology) throws Exception {
        int waiters = 8;
        try (Fixture f = Fixture.of(topology, "herd")) {
            String path = f.path("lock");
            Lock holder = new Lock(f.session(), path);
            Grant first = holder.lock();
            List<Lock> locks = new ArrayList<>();
            List<CompletableFuture<Long>> served = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                Lock lock = new Lock(f.session(), path);
                locks.add(lock);
                served.add(CompletableFuture.supplyAsync(() -> {
                    try (Grant g = lock.lock()) {
                        return g.fencingToken();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, r -> new Thread(r, "waiter").start()));
            }
            Await.until(() -> f.peer(0).getChildren(path).size() == waiters + 1, "every waiter queued");

            first.close();
            for (CompletableFuture<Long> s : served) {
                assertThat(s.get(30, TimeUnit.SECONDS)).isGreaterThan(first.fencingToken());
            }

            long wakeups = locks.stream().mapToLong(Lock::wokenByWatch).sum();
            assertThat(wakeups).as("one wake-up per release: %d releases", waiters).isEqualTo(waiters);
            for (Lock lock : locks) {
                assertThat(lock.wokenByWatch()).as("each waiter was woken once, to take the lock").isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldBeReentrantPerThreadAndReleaseWithTheLastGrant(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "reentrant")) {
            String path = f.path("lock");
            Lock lock = new Lock(f.session(), path);
            Lock other = new Lock(f.session(), path);

            Grant outer = lock.lock();
            Grant inner = lock.lock();
            assertThat(inner.fencingToken()).isEqualTo(outer.fencingToken());
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            assertThat(other.tryLock(Duration.ofMillis(50))).isNull();

            inner.close();
            inner.close();                                   // idempotent: does not release the outer grant
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            assertThat(other.tryLock(Duration.ofMillis(50))).isNull();
            outer.close();
            assertThat(lock.isHeldByCurrentThread()).isFalse();
            try (Grant next = other.tryLock(Duration.ofSeconds(10))) {
                assertThat(next).isNotNull();
                assertThat(next.fencingToken()).isGreaterThan(outer.fencingToken());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldGiveUpAtTheDeadlineAndLeaveNoNode(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "timeout")) {
            String path = f.path("lock");
            Lock holder = new Lock(f.session(), path);
            Lock late = new Lock(f.session(), path);
            try (Grant held = holder.lock()) {
                long start = System.nanoTime();
                assertThat(late.tryLock(Duration.ofMillis(200))).isNull();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
                f.syncAll();
                assertThat(f.peer(0).getChildren(path)).hasSize(1);
                assertThat(held.isValid()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldDeleteItsNodeWhenTheWaitingThreadIsInterrupted(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "interrupt")) {
            String path = f.path("lock");
            Lock holder = new Lock(f.session(), path);
            Lock waiter = new Lock(f.session(), path);
            try (Grant held = holder.lock()) {
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                Thread t = new Thread(() -> {
                    try {
                        waiter.lock();
                        outcome.complete(null);
                    } catch (Throwable e) {
                        outcome.complete(e);
                    }
                });
                t.start();
                Await.until(() -> f.peer(0).getChildren(path).size() == 2, "the waiter queued");
                t.interrupt();
                assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
                f.syncAll();
                assertThat(f.peer(0).getChildren(path)).hasSize(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldFenceCoordWritesWithTheHoldsCheckOp(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "fenced")) {
            Session session = f.session();
            String data = f.path("data");
            session.create(data, null, CreateMode.PERSISTENT, dev.coord.CreateParents.PERSISTENT);
            Lock lock = new Lock(session, f.path("lock"));
            Grant grant = lock.lock();
            session.multi(List.of(grant.hold().checkOp(), Op.setData(data, new byte[] {1}, -1)));
            grant.close();
            assertThatThrownBy(() -> session.multi(List.of(grant.hold().checkOp(), Op.setData(data, new byte[] {2}, -1))))
                    .isInstanceOf(CoordException.NoNodeException.class);
            assertThat(session.getData(data).data()).containsExactly(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldRefuseToUnlockALockTheThreadDoesNotHold(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "unheld")) {
            Lock lock = new Lock(f.session(), f.path("lock"));
            assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
            Grant grant = lock.lock();
            CountDownLatch done = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
                grant.close();                               // a grant may be closed by any thread
                done.countDown();
            });
            other.start();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(lock.isHeldByCurrentThread()).isFalse();
        }
    }
}
