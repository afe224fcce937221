package dev.coord.tree;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An immutable sorted set of strings, ordered by {@link String#compareTo}, that shares structure
 * between versions: a B+ tree with path copying (see {@link BTreeNodes}). It holds a znode's
 * children's paths, a session's ephemerals' paths and the TTL nodes' paths; "names" below are its
 * elements.
 *
 * <p>Every update returns a new set in O(log n) and leaves this one unchanged. Instances are safe to
 * share between threads once safely published. Names may not be null.
 */
public final class ChildSet {

    private static final ChildSet EMPTY = new ChildSet(null, 0);

    private static final int TO_STRING_NAMES = 8;

    /** Invariant: a valid tree as {@link BTreeNodes} describes, or null when the set is empty. */
    private final Object root;

    /** Invariant: the number of nodes in {@link #root}. */
    private final int size;

    private ChildSet(Object root, int size) {
        this.root = root;
        this.size = size;
    }

    /** Returns the empty set. */
    public static ChildSet empty() {
        return EMPTY;
    }

    /**
     * Returns the set of {@code names[from, to)}, sorting them first unless already ascending; built in
     * O(n) when sorted, not by n adds. That part of the array may be reordered.
     *
     * @throws IllegalArgumentException if a name appears twice
     * @throws NullPointerException     if a name is null
     */
    static ChildSet ofNames(String[] names, int from, int to) {
        if (from >= to) {
            return EMPTY;
        }
        for (int i = from; i < to; i++) {
            Objects.requireNonNull(names[i], "name");
        }
        boolean sorted = true;
        for (int i = from + 1; i < to && sorted; i++) {
            sorted = names[i - 1].compareTo(names[i]) < 0;
        }
        if (!sorted) {
            Arrays.sort(names, from, to);
            for (int i = from + 1; i < to; i++) {
                if (names[i - 1].equals(names[i])) {
                    throw new IllegalArgumentException("name " + names[i] + " appears twice");
                }
            }
        }
        return new ChildSet(BTreeNodes.ofSorted(names, from, to), to - from);
    }

    /**
     * Returns a set that also holds {@code name}; returns this set if the name is present.
     *
     * @throws NullPointerException if name is null
     */
    public ChildSet add(String name) {
        Objects.requireNonNull(name, "name");
        Object newRoot = BTreeNodes.add(root, name);
        return newRoot == root ? this : new ChildSet(newRoot, size + 1);
    }

    /** Returns a set without {@code name}; returns this set if the name is absent. */
    public ChildSet remove(String name) {
        if (name == null) {
            return this;
        }
        Object newRoot = BTreeNodes.remove(root, name);
        if (newRoot == root) {
            return this;
        }
        return newRoot == null ? EMPTY : new ChildSet(newRoot, size - 1);
    }

    public boolean contains(String name) {
        return name != null && BTreeNodes.contains(root, name);
    }

    /** Returns the number of names, in constant time. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Writes the names in ascending order into {@code into}, which must hold at least {@link #size()}. */
    void copyInto(String[] into) {
        BTreeNodes.copyInto(root, into, 0);
    }

    /** Returns the names in ascending order as an unmodifiable list, in O(n). */
    public List<String> toList() {
        String[] names = new String[size];
        BTreeNodes.copyInto(root, names, 0);
        return Collections.unmodifiableList(Arrays.asList(names));
    }

    /**
     * Returns an unmodifiable iterator over the names in ascending order. It holds O(log n) state, not a
     * copy of the set, so a walk over a huge set allocates nothing per name.
     */
    public Iterator<String> iterator() {
        return BTreeNodes.iterator(root);
    }

    /** Calls {@code action} on each name in ascending order. */
    public void forEach(Consumer<String> action) {
        Objects.requireNonNull(action, "action");
        BTreeNodes.forEach(root, action);
    }

    /** Returns the height of the tree, 0 when empty; for balance checks. */
    int height() {
        return BTreeNodes.height(root);
    }

    /** Checks the tree's invariants, throwing IllegalStateException on the first broken one. */
    void verifyInvariants() {
        int counted = BTreeNodes.verify(root);
        if (counted != size) {
            throw new IllegalStateException("ChildSet invariant broken: size " + size + " but " + counted);
        }
    }

    /** Returns whether {@code other} is a ChildSet holding the same names. */
    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        return other instanceof ChildSet that && that.size == size && that.toList().equals(toList());
    }

    /** Returns the hash code of {@link #toList()}. */
    @Override
    public int hashCode() {
        return toList().hashCode();
    }

    /** Returns the size and the first few names, such as {@code [3 names: a, b, c]}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append('[').append(size).append(size == 1 ? " name" : " names");
        Iterator<String> names = iterator();
        for (int i = 0; i < TO_STRING_NAMES && names.hasNext(); i++) {
            text.append(i == 0 ? ": " : ", ").append(names.next());
        }
        return text.append(names.hasNext() ? ", ...]" : "]").toString();
    }
}
