package dev.coord.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ChildSetTest {

    private static final int MILLION = 1_000_000;

    @Test
    void shouldStartEmpty() {
        assertThat(ChildSet.empty().isEmpty()).isTrue();
        assertThat(ChildSet.empty().size()).isZero();
        assertThat(ChildSet.empty().toList()).isEmpty();
        assertThat(ChildSet.empty().height()).isZero();
    }

    @Test
    void shouldIterateInOrderAndThenRefuseAnotherName() {
        java.util.Iterator<String> names = ChildSet.empty().add("b").add("c").add("a").iterator();
        List<String> seen = new ArrayList<>();
        names.forEachRemaining(seen::add);
        assertThat(seen).containsExactly("a", "b", "c");
        assertThat(names.hasNext()).isFalse();
        assertThatThrownBy(names::next).isInstanceOf(java.util.NoSuchElementException.class);
        assertThat(ChildSet.empty().iterator().hasNext()).isFalse();
    }

    @Test
    void shouldReturnSameSetWhenAddingPresentName() {
        ChildSet set = ChildSet.empty().add("b").add("a");

        assertThat(set.add("a")).isSameAs(set);
        assertThat(set.add(new String("b"))).isSameAs(set);
    }

    @Test
    void shouldReturnSameSetWhenRemovingAbsentName() {
        ChildSet set = ChildSet.empty().add("b").add("a");

        assertThat(set.remove("c")).isSameAs(set);
        assertThat(set.remove(null)).isSameAs(set);
        assertThat(ChildSet.empty().remove("a")).isSameAs(ChildSet.empty());
    }

    @Test
    void shouldRejectNullName() {
        assertThatThrownBy(() -> ChildSet.empty().add(null)).isInstanceOf(NullPointerException.class);
        assertThat(ChildSet.empty().add("a").contains(null)).isFalse();
    }

    @Test
    void shouldListNamesInStringOrder() {
        ChildSet set = ChildSet.empty().add("lock-0002").add("B").add("a").add("lock-0001").add("");

        assertThat(set.toList()).containsExactly("", "B", "a", "lock-0001", "lock-0002");
        List<String> visited = new ArrayList<>();
        set.forEach(visited::add);
        assertThat(visited).isEqualTo(set.toList());
    }

    @Test
    void shouldReturnUnmodifiableList() {
        List<String> names = ChildSet.empty().add("a").toList();

        assertThatThrownBy(() -> names.add("b")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> names.set(0, "b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldKeepOldVersionUnchangedAfterAddAndRemove() {
        ChildSet before = ChildSet.empty().add("a").add("b").add("c");

        ChildSet added = before.add("d");
        ChildSet removed = before.remove("b");

        assertThat(before.toList()).containsExactly("a", "b", "c");
        assertThat(before.size()).isEqualTo(3);
        assertThat(added.toList()).containsExactly("a", "b", "c", "d");
        assertThat(removed.toList()).containsExactly("a", "c");
    }

    @Test
    void shouldBeEqualByContents() {
        ChildSet a = ChildSet.empty().add("x").add("y");
        ChildSet b = ChildSet.empty().add("y").add("z").add("x").remove("z");

        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a).isNotEqualTo(b.add("w"));
    }

    @Test
    void shouldShowOnlyTheFirstFewNamesInToString() {
        ChildSet set = ChildSet.empty();
        for (int i = 0; i < 100; i++) {
            set = set.add(String.format("n%03d", i));
        }

        assertThat(set.toString()).isEqualTo("[100 names: n000, n001, n002, n003, n004, n005, n006, n007, ...]");
        assertThat(ChildSet.empty().add("a").toString()).isEqualTo("[1 name: a]");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldAddAndRemoveAMillionSequentialChildrenWhileStayingBalanced() {
        ChildSet set = ChildSet.empty();
        for (int i = 0; i < MILLION; i++) {
            set = set.add(sequentialName(i));
        }
        assertThat(set.size()).isEqualTo(MILLION);
        assertThat(set.height()).isLessThanOrEqualTo(maxHeight(MILLION));
        set.verifyInvariants();
        List<String> names = set.toList();
        assertThat(names).hasSize(MILLION);
        assertThat(names.get(0)).isEqualTo(sequentialName(0));
        assertThat(names.get(MILLION - 1)).isEqualTo(sequentialName(MILLION - 1));

        for (int i = 0; i < MILLION / 2; i++) {
            set = set.remove(sequentialName(i));
        }
        assertThat(set.height()).isLessThanOrEqualTo(maxHeight(set.size()));
        set.verifyInvariants();
        for (int i = MILLION - 1; i >= MILLION / 2; i--) {
            set = set.remove(sequentialName(i));
        }
        assertThat(set.isEmpty()).isTrue();
    }

    @Test
    void shouldStayBalancedWhenAddingInDescendingOrder() {
        ChildSet set = ChildSet.empty();
        for (int i = 100_000; i > 0; i--) {
            set = set.add(sequentialName(i));
        }

        assertThat(set.height()).isLessThanOrEqualTo(maxHeight(100_000));
        set.verifyInvariants();
    }

    @Test
    void shouldBuildFromSortedNamesATreeEqualToOneBuiltByAdds() {
        for (int size : new int[] {0, 1, 2, 31, 32, 33, 47, 512, 513, 1_000, 16_385, 40_000}) {
            String[] names = new String[size];
            ChildSet added = ChildSet.empty();
            for (int i = 0; i < size; i++) {
                names[i] = sequentialName(i);
                added = added.add(names[i]);
            }
            ChildSet built = ChildSet.ofNames(names, 0, size);
            built.verifyInvariants();
            assertThat(built).as("size %d", size).isEqualTo(added);
            assertThat(built.height()).isLessThanOrEqualTo(maxHeight(size));
            for (int i = 0; i < size; i += 7) {
                built = built.remove(names[i]);
            }
            built.verifyInvariants();
            assertThat(built.size()).isEqualTo(size - (size + 6) / 7);
        }
    }

    /** The name a sequential znode gets: a ten-digit zero-padded counter, so names sort by counter. */
    static String sequentialName(int counter) {
        String digits = Integer.toString(counter);
        return "lock-" + "0000000000".substring(digits.length()) + digits;
    }

    /**
     * The B+ tree height bound: a tree of h levels has a root of at least 2 kids and other nodes of at
     * least MIN, so at least 2 * MIN^(h-1) names; h is at most 1 + log_MIN(size / 2).
     */
    static int maxHeight(int size) {
        if (size == 0) {
            return 0;
        }
        return 1 + (int) Math.floor(Math.log(Math.max(1, size / 2.0)) / Math.log(BTreeNodes.MIN) + 1e-9);
    }
}
