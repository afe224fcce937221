package dev.coord.recipes.locks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.recipes.testing.Await;
import dev.coord.recipes.testing.Fixture;
import dev.coord.recipes.testing.Parallel;
import dev.coord.recipes.testing.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests of {@link ReadWriteLock}: shared readers, exclusive writers, arrival order, tokens, downgrade. */
class ReadWriteLockTest {
    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldKeepWritersExclusiveAndLetReadersShareUnderContention(Topology topology) {
        int sessions = 12;
        int rounds = 4;
        try (Fixture f = Fixture.of(topology, "rw")) {
            String path = f.path("rw");
            List<ReadWriteLock> locks = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                locks.add(new ReadWriteLock(f.session(), path));
            }
            AtomicInteger readers = new AtomicInteger();
            AtomicInteger writers = new AtomicInteger();
            AtomicInteger maxReaders = new AtomicInteger();
            AtomicLong highestGranted = new AtomicLong(-1);

            Parallel.run(sessions, Duration.ofSeconds(60), i -> {
                for (int round = 0; round < rounds; round++) {
                    if ((i + round) % 3 == 0) {
                        try (Grant w = locks.get(i).writeLock().lock()) {
                            assertThat(writers.incrementAndGet()).isEqualTo(1);
                            assertThat(readers.get()).as("no reader while a writer holds").isZero();
                            assertThat(w.fencingToken()).as("a writer's token is above every token granted before it")
                                    .isGreaterThan(highestGranted.getAndSet(w.fencingToken()));
                            writers.decrementAndGet();
                        }
                    } else {
                        try (Grant r = locks.get(i).readLock().lock()) {
                            maxReaders.accumulateAndGet(readers.incrementAndGet(), Math::max);
                            assertThat(writers.get()).as("no writer while a reader holds").isZero();
                            highestGranted.accumulateAndGet(r.fencingToken(), Math::max);
                            readers.decrementAndGet();
                        }
                    }
                }
            });
            Await.until(() -> f.peer(0).getChildren(path).isEmpty(), "every node released (releases are not waited for)");
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldServeInArrivalOrderSoAWaitingWriterHoldsBackLaterReaders(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "rw-order")) {
            String path = f.path("rw");
            ReadWriteLock first = new ReadWriteLock(f.session(), path);
            ReadWriteLock writer = new ReadWriteLock(f.session(), path);
            ReadWriteLock late = new ReadWriteLock(f.session(), path);
            ReadWriteLock sharing = new ReadWriteLock(f.session(), path);

            Grant r1 = first.readLock().lock();
            Grant shared = sharing.readLock().tryLock(Duration.ofSeconds(10));
            assertThat(shared).as("readers share").isNotNull();
            shared.close();
            CompletableFuture<Long> w = CompletableFuture.supplyAsync(() -> {
                try (Grant g = writer.writeLock().lock()) {
                    return g.fencingToken();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, r -> new Thread(r, "writer").start());
            Await.until(() -> f.peer(0).getChildren(path).stream().anyMatch(n -> n.startsWith(LockDecider.WRITE)),
                    "the writer queued behind the reader");
            assertThat(late.readLock().tryLock(Duration.ofMillis(200)))
                    .as("a reader arriving behind a waiting writer waits for it").isNull();

            r1.close();
            long writerToken = w.get(30, TimeUnit.SECONDS);
            assertThat(writerToken).isGreaterThan(r1.fencingToken());
            try (Grant r2 = late.readLock().tryLock(Duration.ofSeconds(10))) {
                assertThat(r2).isNotNull();
                assertThat(r2.fencingToken()).isGreaterThan(writerToken);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldLetTheWriterTakeTheReadLockToDowngrade(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "rw-downgrade")) {
            String path = f.path("rw");
            ReadWriteLock rw = new ReadWriteLock(f.session(), path);
            ReadWriteLock other = new ReadWriteLock(f.session(), path);
            Grant write = rw.writeLock().lock();
            Grant read = rw.readLock().tryLock(Duration.ofSeconds(10));
            assertThat(read).as("the write holder may read").isNotNull();
            assertThat(other.readLock().tryLock(Duration.ofMillis(100))).isNull();
            write.close();
            try (Grant otherRead = other.readLock().tryLock(Duration.ofSeconds(10))) {
                assertThat(otherRead).as("after the downgrade, readers share").isNotNull();
            }
            assertThat(other.writeLock().tryLock(Duration.ofMillis(100))).as("the downgraded reader still reads").isNull();
            read.close();
        }
    }
}
