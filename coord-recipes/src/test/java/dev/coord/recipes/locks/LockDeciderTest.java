package dev.coord.recipes.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.coord.recipes.locks.LockDecider.Decision;
import dev.coord.recipes.locks.LockDecider.Decision.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockDeciderTest {
    private static String seq(String prefix, int n) {
        return prefix + String.format("%010d", n);
    }

    @Test
    void shouldLetTheFirstHoldAndTheOthersWatchTheirPredecessorWhateverTheListingOrder() {
        List<String> children = List.of(seq("lock-b-", 7), seq("lock-a-", 3), seq("lock-c-", 12));
        assertThat(LockDecider.exclusive(children, seq("lock-a-", 3))).isEqualTo(new Decision(Kind.HOLDS, null));
        assertThat(LockDecider.exclusive(children, seq("lock-b-", 7))).isEqualTo(new Decision(Kind.WATCH_NODE, seq("lock-a-", 3)));
        assertThat(LockDecider.exclusive(children, seq("lock-c-", 12))).isEqualTo(new Decision(Kind.WATCH_NODE, seq("lock-b-", 7)));
        assertThat(LockDecider.exclusive(children, seq("lock-d-", 13)).kind()).isEqualTo(Kind.GONE);
    }

    @Test
    void shouldLetTheFirstWaiterOfSeveralLeasesWatchTheChildren() {
        List<String> children = List.of(seq("lease-", 1), seq("lease-", 2), seq("lease-", 3), seq("lease-", 4));
        assertThat(LockDecider.leases(children, seq("lease-", 2), 2).kind()).isEqualTo(Kind.HOLDS);
        assertThat(LockDecider.leases(children, seq("lease-", 3), 2).kind()).isEqualTo(Kind.WATCH_CHILDREN);
        assertThat(LockDecider.leases(children, seq("lease-", 4), 2)).isEqualTo(new Decision(Kind.WATCH_NODE, seq("lease-", 3)));
    }

    @Test
    void shouldLetReadersShareAndWaitOnlyForTheLastWriterAheadOfThem() {
        List<String> children = List.of(seq("read-", 1), seq("write-", 2), seq("read-", 3), seq("write-", 4), seq("read-", 5));
        assertThat(LockDecider.read(children, seq("read-", 1), null).kind()).isEqualTo(Kind.HOLDS);
        assertThat(LockDecider.read(children, seq("read-", 3), null)).isEqualTo(new Decision(Kind.WATCH_NODE, seq("write-", 2)));
        assertThat(LockDecider.read(children, seq("read-", 5), null)).isEqualTo(new Decision(Kind.WATCH_NODE, seq("write-", 4)));
        assertThat(LockDecider.exclusive(children, seq("write-", 4))).isEqualTo(new Decision(Kind.WATCH_NODE, seq("read-", 3)));
        assertThat(LockDecider.read(List.of(seq("write-", 2), seq("read-", 3)), seq("read-", 3), seq("write-", 2)).kind())
                .as("a reader whose own thread holds the write lock").isEqualTo(Kind.HOLDS);
    }

    @Test
    void shouldAlwaysGrantExactlyTheFirstLeasesAndWatchAnEarlierContender() {
        qt().forAll(lists().of(integers().between(0, 50)).ofSizeBetween(1, 12), integers().between(1, 4))
                .checkAssert((sequences, leases) -> {
                    List<String> children = new ArrayList<>();
                    for (int s : sequences.stream().distinct().toList()) {
                        children.add(seq("lease-", s));
                    }
                    List<Integer> sorted = sequences.stream().distinct().sorted().toList();
                    int holders = 0;
                    for (String child : children) {
                        Decision d = LockDecider.leases(children, child, leases);
                        int rank = sorted.indexOf((int) dev.coord.recipes.internal.Sequence.of(child));
                        if (d.holdsIt()) {
                            holders++;
                            assertThat(rank).isLessThan(leases);
                        } else if (d.kind() == Kind.WATCH_NODE) {
                            assertThat(children).contains(d.watch());
                            assertThat(dev.coord.recipes.internal.Sequence.of(d.watch()))
                                    .isLessThan(dev.coord.recipes.internal.Sequence.of(child));
                        } else {
                            assertThat(rank).isEqualTo(leases);
                        }
                    }
                    assertThat(holders).isEqualTo(Math.min(leases, children.size()));
                });
    }
}
