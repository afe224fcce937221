package dev.coord.recipes.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Sequence reads the ten-digit suffix Coord appends to a sequential node's name, and orders names by
 * it: the order in which their creates were applied under one parent.
 */
public final class Sequence {
    /** The length of a sequential suffix. */
    public static final int DIGITS = 10;

    /** Names by sequence; names without a suffix come after, by name. */
    public static final Comparator<String> ORDER = Comparator.comparingLong(Sequence::sortKey)
            .thenComparing(Comparator.naturalOrder());

    private Sequence() {
    }

    /** The sequence number at the end of {@code name}, or -1 if it does not end in ten digits. */
    public static long of(String name) {
        if (name.length() < DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = name.length() - DIGITS; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static long sortKey(String name) {
        long seq = of(name);
        return seq < 0 ? Long.MAX_VALUE : seq;
    }

    /** A new list of {@code names} in sequence order. */
    public static List<String> sorted(Collection<String> names) {
        List<String> out = new ArrayList<>(names);
        out.sort(ORDER);
        return out;
    }
}
