package dev.coord.testkit.check;

import java.util.Arrays;

/**
 * Footprint is what an operation may do to a model's resources, as {@link Model#footprint} gives it:
 * each resource (numbered by the model) it may <em>read</em>, <em>update</em> in a way that commutes
 * with other updates (such as incrementing a counter, or raising a maximum), or <em>change</em>
 * otherwise. Two operations whose footprints do not {@link #conflicts conflict} commute: in any state,
 * applying them in either order is accepted alike and ends in the same state.
 *
 * <p>Two footprints conflict on a resource that one changes and the other touches at all, or that one
 * updates and the other reads. Reads commute with reads, and updates with updates.
 *
 * @param changes bit set of the resources the operation may change
 * @param updates bit set of the resources it may update commutatively
 * @param reads   bit set of the resources it may read
 */
public record Footprint(long[] changes, long[] updates, long[] reads) {
    /** A footprint that conflicts with nothing. */
    public static final Footprint NONE = new Footprint(new long[0], new long[0], new long[0]);

    /** True if the two operations may not commute. */
    public boolean conflicts(Footprint other) {
        return intersect(changes, other.changes) || intersect(changes, other.updates) || intersect(changes, other.reads)
                || intersect(other.changes, updates) || intersect(other.changes, reads)
                || intersect(updates, other.reads) || intersect(reads, other.updates);
    }

    /** Both footprints together: conflicts with whatever either of them conflicts with. */
    public Footprint union(Footprint other) {
        return new Footprint(or(changes, other.changes), or(updates, other.updates), or(reads, other.reads));
    }

    private static boolean intersect(long[] a, long[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if ((a[i] & b[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    private static long[] or(long[] a, long[] b) {
        if (b.length == 0) {
            return a;
        }
        long[] bits = Arrays.copyOf(a, Math.max(a.length, b.length));
        for (int i = 0; i < b.length; i++) {
            bits[i] |= b[i];
        }
        return bits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Footprint f && Arrays.equals(changes, f.changes) && Arrays.equals(updates, f.updates) && Arrays.equals(reads, f.reads);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(changes) * 31 + Arrays.hashCode(updates)) * 31 + Arrays.hashCode(reads);
    }

    @Override
    public String toString() {
        return "Footprint{changes " + members(changes) + ", updates " + members(updates) + ", reads " + members(reads) + "}";
    }

    private static String members(long[] bits) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < bits.length * 64; i++) {
            if ((bits[i >>> 6] & 1L << i) != 0) {
                s.append(s.length() > 1 ? " " : "").append(i);
            }
        }
        return s.append(']').toString();
    }

    /** Builder collects a footprint's resources by number. */
    public static final class Builder {
        private long[] changes = new long[1];
        private long[] updates = new long[1];
        private long[] reads = new long[1];

        public Builder changes(int resource) {
            changes = set(changes, resource);
            return this;
        }

        public Builder updates(int resource) {
            updates = set(updates, resource);
            return this;
        }

        public Builder reads(int resource) {
            reads = set(reads, resource);
            return this;
        }

        /** Adds everything {@code other} does. */
        public Builder add(Footprint other) {
            changes = or(changes, other.changes);
            updates = or(updates, other.updates);
            reads = or(reads, other.reads);
            return this;
        }

        public Footprint build() {
            return new Footprint(changes, updates, reads);
        }

        private static long[] set(long[] bits, int resource) {
            long[] b = resource >>> 6 < bits.length ? bits : Arrays.copyOf(bits, (resource >>> 6) + 1);
            b[resource >>> 6] |= 1L << resource;
            return b;
        }
    }
}
