package dev.coord.testkit.check;

import java.util.Map;
import java.util.Set;

/**
 * TreeState is one state of the tree model for a {@link Domain}: the tracked nodes that exist, what is
 * known of the zxids of deleted incarnations, the largest zxid any linearized result revealed, and the
 * sessions already closed. An immutable value (equality over all of it, hash cached) so that the search
 * can memoize it.
 *
 * <p>Every part is a function of which entries were linearized and the order of the writes among them,
 * never of where reads fell between writes on other paths: that is what keeps the memo effective.
 */
final class TreeState {
    private final Map<String, ZNode> nodes;
    /** Per path that had incarnations deleted, the largest zxid known of them (absent if none known). */
    private final Map<String, Long> tombstones;
    /** Invariant: every zxid a linearized result revealed is at most this; {@link Stamp#UNKNOWN} if none. */
    private final long maxZxid;
    private final Set<Long> closedSessions;
    private final int hash;

    TreeState(Map<String, ZNode> nodes, Map<String, Long> tombstones, long maxZxid, Set<Long> closedSessions) {
        this.nodes = Map.copyOf(nodes);
        this.tombstones = Map.copyOf(tombstones);
        this.maxZxid = maxZxid;
        this.closedSessions = Set.copyOf(closedSessions);
        this.hash = ((this.nodes.hashCode() * 31 + this.tombstones.hashCode()) * 31 + Long.hashCode(maxZxid)) * 31 + this.closedSessions.hashCode();
    }

    /** The state of {@code domain} before the history. */
    static TreeState initial(Domain domain) {
        return new TreeState(domain.initialNodes(), Map.of(), Stamp.UNKNOWN, Set.of());
    }

    /** The tracked nodes that exist, by path. */
    Map<String, ZNode> nodes() {
        return nodes;
    }

    Map<String, Long> tombstones() {
        return tombstones;
    }

    long maxZxid() {
        return maxZxid;
    }

    Set<Long> closedSessions() {
        return closedSessions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeState s && hash == s.hash && maxZxid == s.maxZxid && nodes.equals(s.nodes)
                && tombstones.equals(s.tombstones) && closedSessions.equals(s.closedSessions);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "TreeState{nodes=" + nodes + ", tombstones=" + tombstones + ", maxZxid=" + maxZxid + ", closed=" + closedSessions + "}";
    }
}
