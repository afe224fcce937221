package dev.coord.testkit.check;

import java.util.Map;
import java.util.Set;

/**
 * TreeState is one state of the tree model for a {@link Domain}: the tracked nodes that exist, the
 * largest zxid known of any write taken effect so far, and the sessions already closed. An immutable
 * value (equality over all three, hash cached) so that the search can memoize it.
 */
final class TreeState {
    private final Map<String, ZNode> nodes;
    /** Invariant: every zxid a linearized result revealed is at most this; {@link Stamp#UNKNOWN} if none. */
    private final long maxZxid;
    private final Set<Long> closedSessions;
    private final int hash;

    TreeState(Map<String, ZNode> nodes, long maxZxid, Set<Long> closedSessions) {
        this.nodes = Map.copyOf(nodes);
        this.maxZxid = maxZxid;
        this.closedSessions = Set.copyOf(closedSessions);
        this.hash = (this.nodes.hashCode() * 31 + Long.hashCode(maxZxid)) * 31 + this.closedSessions.hashCode();
    }

    /** The state of {@code domain} before the history. */
    static TreeState initial(Domain domain) {
        return new TreeState(domain.initialNodes(), Stamp.UNKNOWN, Set.of());
    }

    /** The tracked nodes that exist, by path. */
    Map<String, ZNode> nodes() {
        return nodes;
    }

    long maxZxid() {
        return maxZxid;
    }

    Set<Long> closedSessions() {
        return closedSessions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeState s && hash == s.hash && maxZxid == s.maxZxid
                && nodes.equals(s.nodes) && closedSessions.equals(s.closedSessions);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "TreeState{nodes=" + nodes + ", maxZxid=" + maxZxid + ", closed=" + closedSessions + "}";
    }
}
