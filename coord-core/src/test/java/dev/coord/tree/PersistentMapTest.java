package dev.coord.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersistentMapTest {

    @Test
    void shouldSpreadHashesBijectivelyAsTheTestKeysAssume() {
        for (int h : new int[] {0, 1, -1, 0x12345678, Integer.MIN_VALUE, 0x7FFFFFFF}) {
            assertThat(HamtNode.spread(new ChosenHashKey(h, 0).hashCode())).isEqualTo(h);
        }
    }

    @Test
    void shouldReturnNullForAbsentKey() {
        PersistentMap<String, Integer> map = PersistentMap.<String, Integer>empty().put("/a", 1);

        assertThat(map.get("/b")).isNull();
        assertThat(map.get(null)).isNull();
        assertThat(map.containsKey("/b")).isFalse();
        assertThat(map.containsKey("/a")).isTrue();
    }

    @Test
    void shouldStartEmpty() {
        PersistentMap<String, Integer> map = PersistentMap.empty();

        assertThat(map.isEmpty()).isTrue();
        assertThat(map.size()).isZero();
        assertThat(map.toString()).isEqualTo("{0 entries}");
    }

    @Test
    void shouldRejectNullKeyOrValue() {
        PersistentMap<String, Integer> map = PersistentMap.empty();

        assertThatThrownBy(() -> map.put(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> map.put("/a", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldReturnSameMapOnlyWhenTheSameValueInstanceIsAlreadyMapped() {
        String value = "data";
        PersistentMap<String, String> map = PersistentMap.<String, String>empty().put("/a", value);

        assertThat(map.put("/a", value)).isSameAs(map);
        PersistentMap<String, String> replaced = map.put("/a", new String(value));
        assertThat(replaced).isNotSameAs(map);
        assertThat(replaced.size()).isEqualTo(1);
    }

    @Test
    void shouldReturnSameMapWhenRemovingAbsentKey() {
        PersistentMap<String, Integer> map = PersistentMap.<String, Integer>empty().put("Aa", 1).put("/b", 2);

        assertThat(map.remove("/c")).isSameAs(map);
        assertThat(map.remove("BB")).isSameAs(map);
        assertThat(map.remove(null)).isSameAs(map);
    }

    @Test
    void shouldKeepOldVersionUnchangedAfterPut() {
        PersistentMap<String, Integer> before = PersistentMap.<String, Integer>empty().put("/a", 1).put("/b", 2);

        PersistentMap<String, Integer> after = before.put("/a", 10).put("/c", 3);

        assertThat(before.size()).isEqualTo(2);
        assertThat(before.get("/a")).isEqualTo(1);
        assertThat(before.get("/c")).isNull();
        assertThat(after.get("/a")).isEqualTo(10);
        assertThat(after.get("/c")).isEqualTo(3);
        assertThat(after.size()).isEqualTo(3);
    }

    @Test
    void shouldKeepOldVersionUnchangedAfterRemove() {
        PersistentMap<String, Integer> before = PersistentMap.<String, Integer>empty().put("/a", 1).put("/b", 2);

        PersistentMap<String, Integer> after = before.remove("/a");

        assertThat(before.get("/a")).isEqualTo(1);
        assertThat(before.size()).isEqualTo(2);
        assertThat(after.get("/a")).isNull();
        assertThat(after.size()).isEqualTo(1);
    }

    @Test
    void shouldStoreStringKeysWhoseFullHashesCollide() {
        List<String> keys = List.of("AaAa", "AaBB", "BBAa", "BBBB");
        PersistentMap<String, Integer> map = PersistentMap.empty();
        for (int i = 0; i < keys.size(); i++) {
            map = map.put(keys.get(i), i);
        }

        assertThat(keys).extracting(String::hashCode).containsOnly("AaAa".hashCode());
        for (int i = 0; i < keys.size(); i++) {
            assertThat(map.get(keys.get(i))).isEqualTo(i);
        }
        map.verifyInvariants();
        PersistentMap<String, Integer> shrunk = map.remove("AaBB").remove("BBAa").remove("AaAa");
        shrunk.verifyInvariants();
        assertThat(shrunk.size()).isEqualTo(1);
        assertThat(shrunk.get("BBBB")).isEqualTo(3);
        assertThat(shrunk.remove("BBBB").isEmpty()).isTrue();
    }

    @Test
    void shouldStoreLongKeysWhoseFullHashesCollide() {
        Long zero = 0L;
        Long alias = (1L << 32) | 1L;
        assertThat(alias.hashCode()).isEqualTo(zero.hashCode());

        PersistentMap<Long, String> map = PersistentMap.<Long, String>empty().put(alias, "alias").put(zero, "zero");

        assertThat(map.get(0L)).isEqualTo("zero");
        assertThat(map.get(alias)).isEqualTo("alias");
        assertThat(keysInOrder(map)).containsExactly(zero, alias);
        map.verifyInvariants();
    }

    @Test
    void shouldIterateCollidingKeysInTheSameOrderWhateverTheInsertionOrder() {
        PersistentMap<String, Integer> forward = PersistentMap.<String, Integer>empty()
                .put("BBBB", 1).put("AaBB", 2).put("BBAa", 3).put("AaAa", 4);
        PersistentMap<String, Integer> backward = PersistentMap.<String, Integer>empty()
                .put("AaAa", 4).put("BBAa", 3).put("AaBB", 2).put("BBBB", 1);

        assertThat(keysInOrder(forward)).containsExactly("AaAa", "AaBB", "BBAa", "BBBB");
        assertThat(keysInOrder(backward)).isEqualTo(keysInOrder(forward));
    }

    @Test
    void shouldSeparateKeysThatShareAllButTheLastHashBit() {
        ChosenHashKey low = new ChosenHashKey(0x0000_0001, 1);
        ChosenHashKey high = new ChosenHashKey(0x8000_0001, 2);
        ChosenHashKey twin = new ChosenHashKey(0x8000_0001, 3);

        PersistentMap<ChosenHashKey, String> map = PersistentMap.<ChosenHashKey, String>empty()
                .put(twin, "twin").put(low, "low").put(high, "high");

        map.verifyInvariants();
        assertThat(map.get(low)).isEqualTo("low");
        assertThat(map.get(high)).isEqualTo("high");
        assertThat(map.get(twin)).isEqualTo("twin");
        assertThat(map.get(new ChosenHashKey(0x4000_0001, 1))).isNull();
        assertThat(keysInOrder(map)).containsExactly(low, high, twin);
        PersistentMap<ChosenHashKey, String> withoutLow = map.remove(low);
        withoutLow.verifyInvariants();
        assertThat(withoutLow).isEqualTo(PersistentMap.<ChosenHashKey, String>empty().put(high, "high").put(twin, "twin"));
    }

    @Test
    void shouldBeEqualByContents() {
        PersistentMap<String, Integer> a = PersistentMap.<String, Integer>empty().put("/x", 1).put("/y", 2);
        PersistentMap<String, Integer> b = PersistentMap.<String, Integer>empty().put("/y", 2).put("/x", 1);

        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a).isNotEqualTo(b.put("/x", 3));
        assertThat(a).isNotEqualTo(b.remove("/x"));
    }

    @Test
    void shouldShowOnlyTheFirstFewEntriesInToString() {
        PersistentMap<Integer, Integer> map = PersistentMap.empty();
        for (int i = 0; i < 1000; i++) {
            map = map.put(i, i);
        }

        assertThat(map.toString()).startsWith("{1000 entries: ").endsWith(", ...}").hasSizeLessThan(120);
        assertThat(PersistentMap.<String, Integer>empty().put("/a", 1).toString()).isEqualTo("{1 entry: /a=1}");
    }

    private static <K, V> List<K> keysInOrder(PersistentMap<K, V> map) {
        List<K> keys = new ArrayList<>();
        map.forEach((k, v) -> keys.add(k));
        return keys;
    }
}
