package dev.coord.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Model-based properties of {@link ChildSet} against {@link TreeSet}. */
class ChildSetProperties {

    private static final int OPS_PER_SEED = 150_000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 42L, 20240601L, -7L})
    void shouldAgreeWithTreeSetOverLongRandomSequences(long seed) {
        Random random = new Random(seed);
        int names = 20 + random.nextInt(5000);
        TreeSet<String> model = new TreeSet<>();
        ChildSet set = ChildSet.empty();
        List<Map.Entry<ChildSet, List<String>>> versions = new ArrayList<>();

        for (int op = 0; op < OPS_PER_SEED; op++) {
            String name = nameFor(random.nextInt(names));
            int choice = random.nextInt(100);
            int removeShare = (op / 20_000) % 2 == 0 ? 30 : 60;
            if (choice < removeShare) {
                ChildSet next = set.remove(name);
                assertThat(next == set).as("remove of %s returns same set iff absent", name)
                        .isEqualTo(!model.remove(name));
                set = next;
            } else if (choice < 85) {
                ChildSet next = set.add(name);
                assertThat(next == set).as("add of %s returns same set iff present", name)
                        .isEqualTo(!model.add(name));
                set = next;
            } else {
                assertThat(set.contains(name)).as("seed %d op %d contains %s", seed, op, name)
                        .isEqualTo(model.contains(name));
            }
            assertThat(set.size()).as("seed %d op %d size", seed, op).isEqualTo(model.size());
            if (op % 5_000 == 0) {
                assertSameContents(set, new ArrayList<>(model));
                versions.add(Map.entry(set, new ArrayList<>(model)));
            }
        }
        assertSameContents(set, new ArrayList<>(model));
        versions.forEach(version -> assertSameContents(version.getKey(), version.getValue()));
    }

    @Test
    void shouldHoldExactlyTheDistinctNamesInSortedOrder() {
        qt().withFixedSeed(5).withExamples(500)
                .forAll(lists().of(strings().allPossible().ofLengthBetween(0, 6)).ofSizeBetween(0, 300))
                .checkAssert(added -> {
                    ChildSet set = ChildSet.empty();
                    for (String name : added) {
                        set = set.add(name);
                    }
                    assertSameContents(set, new ArrayList<>(new TreeSet<>(added)));
                });
    }

    @Test
    void shouldMatchTheModelAfterRemovingAnySubset() {
        qt().withFixedSeed(9).withExamples(500)
                .forAll(lists().of(integers().between(0, 200)).ofSizeBetween(0, 300),
                        lists().of(integers().between(0, 200)).ofSizeBetween(0, 300))
                .checkAssert((added, removed) -> {
                    ChildSet set = ChildSet.empty();
                    TreeSet<String> model = new TreeSet<>();
                    for (int i : added) {
                        set = set.add(nameFor(i));
                        model.add(nameFor(i));
                    }
                    ChildSet full = set;
                    List<String> fullNames = new ArrayList<>(model);
                    for (int i : removed) {
                        set = set.remove(nameFor(i));
                        model.remove(nameFor(i));
                        set.verifyInvariants();
                    }
                    assertSameContents(set, new ArrayList<>(model));
                    assertSameContents(full, fullNames);
                });
    }

    @Test
    void shouldKeepTheTreeValidAfterEveryUpdateAcrossThreeLevels() {
        // Up to 3,000 names: leaves of 16 to 32 under branches of 16 to 32, so splits and merges of
        // branches happen too, not only of leaves.
        qt().withFixedSeed(13).withExamples(40)
                .forAll(lists().of(integers().between(0, 3_000)).ofSizeBetween(0, 3_000),
                        lists().of(integers().between(0, 3_000)).ofSizeBetween(0, 3_000))
                .checkAssert((added, removed) -> {
                    ChildSet set = ChildSet.empty();
                    TreeSet<String> model = new TreeSet<>();
                    for (int i : added) {
                        set = set.add(nameFor(i));
                        model.add(nameFor(i));
                        set.verifyInvariants();
                    }
                    for (int i : removed) {
                        set = set.remove(nameFor(i));
                        model.remove(nameFor(i));
                        set.verifyInvariants();
                    }
                    assertSameContents(set, new ArrayList<>(model));
                });
    }

    private static String nameFor(int i) {
        return (i % 3 == 0 ? "lock-" : "n") + Integer.toString(i * 7919 % 100_003, 36);
    }

    private static void assertSameContents(ChildSet set, List<String> sortedModel) {
        set.verifyInvariants();
        assertThat(set.toList()).isEqualTo(sortedModel);
        List<String> visited = new ArrayList<>();
        set.forEach(visited::add);
        assertThat(visited).isEqualTo(sortedModel);
        List<String> iterated = new ArrayList<>();
        set.iterator().forEachRemaining(iterated::add);
        assertThat(iterated).isEqualTo(sortedModel);
        assertThat(set.size()).isEqualTo(sortedModel.size());
        assertThat(set.height()).isLessThanOrEqualTo(ChildSetTest.maxHeight(set.size()));
        for (String name : sortedModel) {
            assertThat(set.contains(name)).isTrue();
        }
    }
}
