package dev.coord.testkit.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Memo is the configurations a {@link LinearizabilitySearch} has entered: a set of linearized
 * operations and the state they lead to. A configuration once entered is never entered again, and
 * neither is one it <em>dominates</em>.
 *
 * <p>Dominance: two configurations with the same state and the same operations that returned
 * linearized differ only in which operations of unknown outcome ({@link TimedOp#NEVER}) are linearized.
 * The one with fewer of them (a subset) can do whatever the other can: every way to go on from the
 * other is a way to go on from it, because an operation that never returned constrains no other and
 * need never be linearized. So once it is entered (and, if the search goes on, found to lead nowhere),
 * the other need not be. This is what stops an unknown operation whose effect was later overwritten
 * from doubling the search from there on.
 *
 * <p>Kept per (returned operations, state): up to {@value #ANTICHAIN} sets of unknown operations
 * entered with it, none a subset of another, that dominance is checked against; configurations past
 * that are only remembered exactly (a history with many unknown operations alive at once must not make
 * each check slow). Not thread-safe.
 */
final class Memo<S> {
    /** Key is a configuration without its unknown operations. */
    private record Key(long[] returned, Object state, int hash) {
        Key(long[] returned, Object state) {
            this(returned, state, 31 * Arrays.hashCode(returned) + state.hashCode());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && Arrays.equals(returned, k.returned) && state.equals(k.state);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static final int ANTICHAIN = 8;

    private final long[] returnedMask;
    /** Per key: a long[] (one set of unknown operations) or a List of up to ANTICHAIN of them. */
    private final Map<Key, Object> entered = new HashMap<>();
    /** Configurations past a full antichain, as their whole bit set with the state. */
    private final Set<Key> overflow = new HashSet<>();
    private int size;

    /** A memo for a search of {@code ops}. */
    Memo(List<? extends TimedOp<?>> ops) {
        returnedMask = new long[(ops.size() + 63) / 64];
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).returned()) {
                returnedMask[i >>> 6] |= 1L << i;
            }
        }
    }

    /**
     * Records the configuration of the operations in {@code linearized} (a bit set by index, not kept)
     * and {@code state}; false if it, or one that dominates it, was recorded before.
     */
    boolean add(long[] linearized, S state) {
        long[] returned = new long[linearized.length];
        long[] unknown = new long[linearized.length];
        for (int i = 0; i < linearized.length; i++) {
            returned[i] = linearized[i] & returnedMask[i];
            unknown[i] = linearized[i] & ~returnedMask[i];
        }
        Key key = new Key(returned, state);
        Object before = entered.get(key);
        if (before == null) {
            entered.put(key, unknown);
            size++;
            return true;
        }
        List<long[]> sets;
        if (before instanceof long[] only) {
            if (subset(only, unknown)) {
                return false;
            }
            sets = new ArrayList<>(2);
            sets.add(only);
            entered.put(key, sets);
        } else {
            @SuppressWarnings("unchecked")
            List<long[]> list = (List<long[]>) before;
            sets = list;
            for (long[] s : sets) {
                if (subset(s, unknown)) {
                    return false;
                }
            }
        }
        sets.removeIf(s -> subset(unknown, s));
        if (sets.size() < ANTICHAIN) {
            sets.add(unknown);
        } else if (!overflow.add(new Key(linearized.clone(), state))) {
            return false;
        }
        size++;
        return true;
    }

    /** How many configurations the memo holds. */
    int size() {
        return size;
    }

    private static boolean subset(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            if ((a[i] & ~b[i]) != 0) {
                return false;
            }
        }
        return true;
    }
}
