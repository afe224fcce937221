package dev.coord.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Model-based properties of {@link PersistentMap} against {@link HashMap}. */
class PersistentMapProperties {

    private static final int OPS_PER_SEED = 150_000;

    /** A pool of keys mixing plain strings, full-hash collisions, shared hash prefixes and longs. */
    private static List<Object> keyPool(Random random, int plainKeys) {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < plainKeys; i++) {
            keys.add("/app/node" + random.nextInt(plainKeys * 4));
        }
        for (int mask = 0; mask < 64; mask++) {
            StringBuilder colliding = new StringBuilder("/c/");
            for (int bit = 0; bit < 6; bit++) {
                colliding.append((mask >>> bit & 1) == 0 ? "Aa" : "BB");
            }
            keys.add(colliding.toString());
        }
        for (int i = 0; i < 300; i++) {
            int sharedLowBits = 5 * (1 + random.nextInt(6)) + random.nextInt(2);
            int hash = 0x2F5A_C3E1 ^ (random.nextInt(8) << Math.min(sharedLowBits, 29));
            keys.add(new ChosenHashKey(hash, random.nextInt(40)));
        }
        for (long i = 0; i < 50; i++) {
            keys.add(i);
            keys.add((i << 32) | i);
        }
        return keys;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 42L, 20240601L, -7L})
    void shouldAgreeWithHashMapOverLongRandomSequences(long seed) {
        Random random = new Random(seed);
        List<Object> keys = keyPool(random, 50 + random.nextInt(3000));
        Map<Object, Integer> model = new HashMap<>();
        PersistentMap<Object, Integer> map = PersistentMap.empty();
        List<Map.Entry<PersistentMap<Object, Integer>, Map<Object, Integer>>> versions = new ArrayList<>();

        for (int op = 0; op < OPS_PER_SEED; op++) {
            Object key = keys.get(random.nextInt(keys.size()));
            int choice = random.nextInt(100);
            int removeShare = (op / 20_000) % 2 == 0 ? 30 : 60;
            if (choice < removeShare) {
                PersistentMap<Object, Integer> next = map.remove(key);
                boolean present = model.remove(key) != null;
                assertThat(next == map).as("remove of %s returns same map iff absent", key).isEqualTo(!present);
                map = next;
            } else if (choice < 85) {
                Integer value = random.nextInt(1000);
                model.put(key, value);
                map = map.put(key, value);
            } else {
                assertThat(map.get(key)).as("seed %d op %d get %s", seed, op, key).isEqualTo(model.get(key));
                assertThat(map.containsKey(key)).isEqualTo(model.containsKey(key));
            }
            assertThat(map.size()).as("seed %d op %d size", seed, op).isEqualTo(model.size());
            if (op % 5_000 == 0) {
                assertSameContents(map, model);
                versions.add(Map.entry(map, new HashMap<>(model)));
            }
        }
        assertSameContents(map, model);
        versions.forEach(version -> assertSameContents(version.getKey(), version.getValue()));
    }

    @Test
    void shouldIterateEqualContentsIdenticallyWhateverTheBuildOrder() {
        List<Object> keys = keyPool(new Random(99), 200);
        qt().withFixedSeed(7).withExamples(300)
                .forAll(lists().of(integers().between(0, keys.size() - 1)).ofSizeBetween(0, 400), integers().all())
                .checkAssert((indices, shuffleSeed) -> {
                    List<Object> order = new ArrayList<>();
                    indices.forEach(i -> order.add(keys.get(i)));
                    PersistentMap<Object, Integer> forward = build(order);
                    Collections.shuffle(order, new Random(shuffleSeed));
                    PersistentMap<Object, Integer> shuffled = build(order);
                    PersistentMap<Object, Integer> withDetours = shuffled;
                    for (Object key : keys.subList(0, 50)) {
                        if (!shuffled.containsKey(key)) {
                            withDetours = withDetours.put(key, -1).remove(key);
                        }
                    }

                    assertThat(entriesInOrder(shuffled)).isEqualTo(entriesInOrder(forward));
                    assertThat(entriesInOrder(withDetours)).isEqualTo(entriesInOrder(forward));
                    assertThat(shuffled).isEqualTo(forward);
                    withDetours.verifyInvariants();
                });
    }

    @Test
    void shouldBecomeEmptyAfterRemovingEveryKeyInAnyOrder() {
        List<Object> keys = keyPool(new Random(3), 300);
        qt().withFixedSeed(11).withExamples(200)
                .forAll(lists().of(integers().between(0, keys.size() - 1)).ofSizeBetween(0, 300), integers().all())
                .checkAssert((indices, shuffleSeed) -> {
                    List<Object> order = new ArrayList<>();
                    indices.forEach(i -> order.add(keys.get(i)));
                    PersistentMap<Object, Integer> map = build(order);
                    Collections.shuffle(order, new Random(shuffleSeed));
                    for (Object key : order) {
                        map = map.remove(key);
                        map.verifyInvariants();
                        assertThat(map.containsKey(key)).isFalse();
                    }
                    assertThat(map.isEmpty()).isTrue();
                });
    }

    private static PersistentMap<Object, Integer> build(List<Object> keys) {
        PersistentMap<Object, Integer> map = PersistentMap.empty();
        for (Object key : keys) {
            map = map.put(key, key.hashCode());
        }
        return map;
    }

    private static List<Map.Entry<Object, Integer>> entriesInOrder(PersistentMap<Object, Integer> map) {
        List<Map.Entry<Object, Integer>> entries = new ArrayList<>();
        map.forEach((k, v) -> entries.add(Map.entry(k, v)));
        return entries;
    }

    private static void assertSameContents(PersistentMap<Object, Integer> map, Map<Object, Integer> model) {
        map.verifyInvariants();
        Map<Object, Integer> visited = new HashMap<>();
        map.forEach((k, v) -> assertThat(visited.put(k, v)).as("%s visited twice", k).isNull());
        assertThat(visited).isEqualTo(model);
        assertThat(map.size()).isEqualTo(model.size());
        model.forEach((k, v) -> assertThat(map.get(k)).isEqualTo(v));
    }
}
