package dev.coord.testkit.check;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * TreeState is one state of the tree model for a {@link Domain}: the tracked nodes that exist, what is
 * known of the zxids of deleted incarnations, the largest zxid any linearized result revealed, and the
 * closed sessions whose closing something may still observe, and the anonymous children of sequential
 * parents ({@link SequentialParents}). An immutable value (equality over all of
 * it, hash cached) so that the search can memoize it.
 *
 * <p>Every part is a function of which entries were linearized and the order of the writes among them,
 * never of where reads fell between writes on other paths: that is what keeps the memo effective.
 *
 * <p>Representation: sorted parallel arrays, shared between states and replaced, never changed, by
 * {@link TreeDraft}. The search makes one state per step and compares states on every memo probe, so a
 * step costs one copy of the few arrays it changes, and the nodes' hash is kept as a sum of per-node
 * hashes that a change updates in constant time.
 */
final class TreeState {
    static final String[] NO_PATHS = {};
    static final ZNode[] NO_NODES = {};
    static final long[] NO_LONGS = {};

    /** The tracked nodes that exist: {@code paths} sorted, {@code nodes[i]} the node at {@code paths[i]}. */
    final String[] paths;
    final ZNode[] nodes;
    /** Invariant: the sum of {@link #entryHash} over the nodes. */
    final int nodesHash;
    /** Per path that had incarnations deleted, sorted, the largest zxid known of them (absent if none known). */
    final String[] tombstonePaths;
    final long[] tombstoneZxids;
    /** Invariant: every zxid a linearized result revealed is at most this; {@link Stamp#UNKNOWN} if none. */
    final long maxZxid;
    /** Sorted; only sessions some ephemeral create may still find closed ({@link TreeModel#closingsObserved}). */
    final long[] closedSessions;
    /**
     * The anonymous children ({@link SequentialParents}): per parent and owner ({@link InitialTree#PERSISTENT}
     * for persistent ones), sorted by both, how many exist. Invariant: every count is positive.
     */
    final Anonymous anonymous;
    private final int hash;

    /** Anonymous is the anonymous children of a state, as parallel arrays sorted by parent, then owner. */
    record Anonymous(String[] parents, long[] owners, int[] counts) {
        static final Anonymous NONE = new Anonymous(NO_PATHS, NO_LONGS, new int[0]);

        /** The index of (parent, owner), or {@code -(insertion point) - 1}. */
        int indexOf(String parent, long owner) {
            int lo = 0;
            int hi = parents.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = parents[mid].compareTo(parent);
                if (c == 0) {
                    c = Long.compare(owners[mid], owner);
                }
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -lo - 1;
        }

        /** True if {@code parent} has an anonymous child. */
        boolean hasChildOf(String parent) {
            int i = indexOf(parent, Long.MIN_VALUE);
            int at = i >= 0 ? i : -i - 1;
            return at < parents.length && parents[at].equals(parent);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Anonymous a && Arrays.equals(parents, a.parents) && Arrays.equals(owners, a.owners) && Arrays.equals(counts, a.counts);
        }

        @Override
        public int hashCode() {
            return (Arrays.hashCode(parents) * 31 + Arrays.hashCode(owners)) * 31 + Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("{");
            for (int i = 0; i < parents.length; i++) {
                s.append(i == 0 ? "" : ", ").append(parents[i]).append(" by ").append(owners[i]).append(": ").append(counts[i]);
            }
            return s.append('}').toString();
        }
    }

    TreeState(String[] paths, ZNode[] nodes, int nodesHash, String[] tombstonePaths, long[] tombstoneZxids, long maxZxid,
            long[] closedSessions, Anonymous anonymous) {
        this.paths = paths;
        this.nodes = nodes;
        this.nodesHash = nodesHash;
        this.tombstonePaths = tombstonePaths;
        this.tombstoneZxids = tombstoneZxids;
        this.maxZxid = maxZxid;
        this.closedSessions = closedSessions;
        this.anonymous = anonymous;
        int h = nodesHash;
        h = 31 * h + Arrays.hashCode(tombstonePaths);
        h = 31 * h + Arrays.hashCode(tombstoneZxids);
        h = 31 * h + Long.hashCode(maxZxid);
        h = 31 * h + Arrays.hashCode(closedSessions);
        this.hash = 31 * h + anonymous.hashCode();
    }

    /** The state of {@code domain} before the history. */
    static TreeState initial(Domain domain) {
        Map<String, ZNode> sorted = new TreeMap<>(domain.initialNodes());
        String[] paths = sorted.keySet().toArray(NO_PATHS);
        ZNode[] nodes = sorted.values().toArray(NO_NODES);
        int nodesHash = 0;
        for (int i = 0; i < paths.length; i++) {
            nodesHash += entryHash(paths[i], nodes[i]);
        }
        return new TreeState(paths, nodes, nodesHash, NO_PATHS, NO_LONGS, Stamp.UNKNOWN, NO_LONGS, Anonymous.NONE);
    }

    /** One node's share of {@link #nodesHash}: mixed, so that sums of different sets rarely collide. */
    static int entryHash(String path, ZNode node) {
        long h = path.hashCode() * 0x9E3779B97F4A7C15L + node.hashCode();
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }

    /** The index of {@code path} in {@link #paths}, or {@code -(insertion point) - 1}. */
    int indexOf(String path) {
        return Arrays.binarySearch(paths, path);
    }

    long maxZxid() {
        return maxZxid;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof TreeState s && hash == s.hash && maxZxid == s.maxZxid && nodesHash == s.nodesHash
                && (paths == s.paths || Arrays.equals(paths, s.paths)) && sameNodes(nodes, s.nodes)
                && Arrays.equals(tombstonePaths, s.tombstonePaths) && Arrays.equals(tombstoneZxids, s.tombstoneZxids)
                && Arrays.equals(closedSessions, s.closedSessions) && anonymous.equals(s.anonymous);
    }

    /** Arrays.equals, but cheap for the nodes equal states usually share. */
    private static boolean sameNodes(ZNode[] a, ZNode[] b) {
        if (a == b) {
            return true;
        }
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i] && !a[i].equals(b[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TreeState{nodes={");
        for (int i = 0; i < paths.length; i++) {
            s.append(i == 0 ? "" : ", ").append(paths[i]).append('=').append(nodes[i]);
        }
        s.append("}, tombstones={");
        for (int i = 0; i < tombstonePaths.length; i++) {
            s.append(i == 0 ? "" : ", ").append(tombstonePaths[i]).append('=').append(tombstoneZxids[i]);
        }
        return s.append("}, maxZxid=").append(maxZxid).append(", closed=").append(Arrays.toString(closedSessions))
                .append(", anonymous=").append(anonymous).append('}').toString();
    }
}
