package dev.coord.tree;

import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * An immutable hash map that shares structure between versions: a hash array mapped trie (Bagwell) with
 * 32-way bitmap-compressed nodes and collision nodes for keys whose full hashes are equal.
 *
 * <p>Every update returns a new map and leaves this one unchanged, copying only the path from the root
 * to the changed slot (about log32 n small arrays). Instances are safe to share between threads once
 * safely published, for example through a volatile field.
 *
 * <p>The trie is kept canonical (see {@link HamtNode}), so iteration order depends only on the keys'
 * hashes and, among keys with equal hashes, on the keys themselves: two maps with equal contents iterate
 * identically however they were built. Keys must have consistent {@code hashCode} and {@code equals};
 * neither keys nor values may be null.
 *
 * @param <K> the key type, typically {@code String} paths or {@code Long} session ids
 * @param <V> the value type
 */
public final class PersistentMap<K, V> {

    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(BitmapNode.EMPTY, 0);

    private static final int TO_STRING_ENTRIES = 8;

    /** Invariant: canonical as described in {@link HamtNode}; the root itself may hold any number of slots. */
    private final BitmapNode root;

    /** Invariant: the number of entries reachable from {@link #root}. */
    private final int size;

    private PersistentMap(BitmapNode root, int size) {
        this.root = root;
        this.size = size;
    }

    /** Returns the empty map. */
    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    /** The map over a canonical trie {@code root} holding {@code size} entries (for bulk builders). */
    static <K, V> PersistentMap<K, V> ofRoot(BitmapNode root, int size) {
        return size == 0 ? empty() : new PersistentMap<>(root, size);
    }

    /** Returns the value mapped to {@code key}, or null if there is none (including for a null key). */
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (key == null) {
            return null;
        }
        return (V) root.find(key, HamtNode.hashOf(key));
    }

    /** Returns whether {@code key} is mapped. */
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    /**
     * Returns a map with {@code key} mapped to {@code value}; returns this map if that very value instance
     * is already mapped to the key. An existing equal key instance is kept.
     *
     * @throws NullPointerException if key or value is null
     */
    public PersistentMap<K, V> put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        HamtEdit edit = new HamtEdit();
        BitmapNode newRoot = root.put(key, value, HamtNode.hashOf(key), 0, edit);
        return newRoot == root ? this : new PersistentMap<>(newRoot, size + edit.sizeDelta);
    }

    /**
     * {@link #put} for a map that one {@code owner} builds by a run of updates nothing observes in
     * between: the trie nodes copied for {@code owner} are its own, and its later puts change them
     * in place instead of copying them again. Nodes of maps built otherwise are never changed, so a
     * map that existed before the run stays as it was; but a map returned by a {@code putOwned} may
     * change with the owner's later puts, so only the last one of the run may be used (and, once the
     * owner makes no more puts, it is an ordinary persistent map). The result equals what {@link #put}
     * gives.
     */
    PersistentMap<K, V> putOwned(K key, V value, Object owner) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        HamtEdit edit = new HamtEdit(Objects.requireNonNull(owner, "owner"));
        BitmapNode newRoot = root.put(key, value, HamtNode.hashOf(key), 0, edit);
        // A node changed in place returns itself, so an unchanged root does not mean an unchanged size.
        return newRoot == root && edit.sizeDelta == 0 ? this : new PersistentMap<>(newRoot, size + edit.sizeDelta);
    }

    /** Returns a map without {@code key}; returns this map if the key is absent. */
    public PersistentMap<K, V> remove(Object key) {
        if (key == null) {
            return this;
        }
        HamtEdit edit = new HamtEdit();
        BitmapNode newRoot = root.remove(key, HamtNode.hashOf(key), 0, edit);
        if (newRoot == root) {
            return this;
        }
        return size == 1 ? empty() : new PersistentMap<>(newRoot, size + edit.sizeDelta);
    }

    /** Returns the number of entries, in constant time. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Calls {@code action} once per entry, in the canonical order described on the type. */
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        Objects.requireNonNull(action, "action");
        root.forEachWhile((k, v) -> {
            action.accept((K) k, (V) v);
            return true;
        });
    }

    /** Checks the trie's structural invariants, throwing IllegalStateException on the first broken one. */
    void verifyInvariants() {
        int counted = root.verify(0, 0);
        BitmapNode.check(counted == size, "size " + size + " but " + counted + " entries");
    }

    /** Returns whether {@code other} is a PersistentMap with equal keys mapped to equal values. */
    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        if (!(other instanceof PersistentMap<?, ?> that) || that.size != size) {
            return false;
        }
        return root.forEachWhile((k, v) -> v.equals(that.get(k)));
    }

    /** Returns the sum over entries of {@code key.hashCode() ^ value.hashCode()}, as {@link java.util.Map} does. */
    @Override
    public int hashCode() {
        int[] sum = {0};
        root.forEachWhile((k, v) -> {
            sum[0] += k.hashCode() ^ v.hashCode();
            return true;
        });
        return sum[0];
    }

    /** Returns the size and the first few entries in iteration order, such as {@code {3 entries: a=1, b=2, c=3}}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append('{').append(size).append(size == 1 ? " entry" : " entries");
        int[] shown = {0};
        root.forEachWhile((k, v) -> {
            if (shown[0] == TO_STRING_ENTRIES) {
                text.append(", ...");
                return false;
            }
            text.append(shown[0] == 0 ? ": " : ", ").append(k).append('=').append(v);
            shown[0]++;
            return true;
        });
        return text.append('}').toString();
    }
}
