package dev.coord.recipes.naming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.recipes.testing.Fixture;
import dev.coord.recipes.testing.Parallel;
import dev.coord.recipes.testing.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests of {@link IdGenerator}: the seeds' naming, uniqueness and order across sessions and peers. */
class IdGeneratorTest {
    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldNameIdsWithPrefixDateAndAGrowingSequenceAndLeaveNoNodes(Topology topology) {
        try (Fixture f = Fixture.of(topology, "ids")) {
            Clock may18 = Clock.fixed(Instant.parse("2025-05-18T10:15:30Z"), ZoneOffset.UTC);
            IdGenerator orders = new IdGenerator(f.session(), f.path("orders"), "order", may18);
            String first = orders.next();
            String second = orders.next();
            assertThat(first).matches("order-20250518-\\d{10}");
            assertThat(IdGenerator.sequenceOf(second)).isGreaterThan(IdGenerator.sequenceOf(first));
            f.syncAll();
            f.peer(0).sync("/");
            assertThat(f.peer(0).getChildren(f.path("orders"))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldHandOutUniqueIdsToConcurrentSessionsInEachSessionsOrder(Topology topology) {
        int sessions = 8;
        int each = 20;
        try (Fixture f = Fixture.of(topology, "ids-concurrent")) {
            List<IdGenerator> generators = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                generators.add(new IdGenerator(f.session(), f.path("ids"), "job"));
            }
            List<String> all = Collections.synchronizedList(new ArrayList<>());
            Parallel.run(sessions, Duration.ofSeconds(60), i -> {
                long last = -1;
                for (int n = 0; n < each; n++) {
                    String id = generators.get(i).next();
                    assertThat(IdGenerator.sequenceOf(id)).isGreaterThan(last);
                    last = IdGenerator.sequenceOf(id);
                    all.add(id);
                }
            });
            assertThat(all).hasSize(sessions * each).doesNotHaveDuplicates();
        }
    }
}
