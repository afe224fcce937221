package dev.coord.recipes.atomic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.recipes.testing.Fixture;
import dev.coord.recipes.testing.Parallel;
import dev.coord.recipes.testing.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests of {@link Counter}: exact under contention across peers, compare-and-set semantics. */
class CounterTest {
    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldCountExactlyUnderContentionAndReturnEveryValueOnce(Topology topology) {
        int sessions = 8;
        int increments = 25;
        try (Fixture f = Fixture.of(topology, "counter")) {
            String path = f.path("counter");
            List<Counter> counters = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                counters.add(new Counter(f.session(), path));
            }
            Set<Long> returned = Collections.synchronizedSet(new HashSet<>());
            Parallel.run(sessions, Duration.ofSeconds(90), i -> {
                for (int n = 0; n < increments; n++) {
                    assertThat(returned.add(counters.get(i).incrementAndGet())).as("each value returned once").isTrue();
                }
            });
            long total = (long) sessions * increments;
            assertThat(counters.get(0).getLatest()).isEqualTo(total);
            assertThat(returned).hasSize((int) total).allMatch(v -> v >= 1 && v <= total);
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldCompareAndSetOnlyFromTheExpectedValue(Topology topology) {
        try (Fixture f = Fixture.of(topology, "counter-cas")) {
            String path = f.path("counter");
            Counter a = new Counter(f.session(), path);
            Counter b = new Counter(f.session(), path);
            assertThat(a.get()).isZero();
            assertThat(a.compareAndSet(0, 10)).isTrue();
            assertThat(b.compareAndSet(0, 20)).as("b's stale expectation fails even from another peer").isFalse();
            assertThat(b.compareAndSet(10, 20)).isTrue();
            assertThat(a.addAndGet(5)).isEqualTo(25);
            assertThat(a.getAndAdd(-5)).isEqualTo(25);
            assertThat(b.decrementAndGet()).isEqualTo(19);
            b.set(-7);
            assertThat(a.getLatest()).isEqualTo(-7);
        }
    }
}
