package dev.coord.recipes.cache;

import dev.coord.Stat;
import java.util.Arrays;

/**
 * CachedNode is one node as a cache last read it: its path, data and stat, all of one zxid. The cached
 * stat's child fields (numChildren, cversion, pzxid) may lag behind the node's children; ask the cache
 * for the children themselves.
 */
public record CachedNode(String path, byte[] data, Stat stat) {
    public CachedNode {
        data = data.clone();
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The node's name (its path's last segment). */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** True if {@code other} holds the same data of the same incarnation of the node. */
    boolean sameDataAs(CachedNode other) {
        return other != null && other.stat.czxid() == stat.czxid() && other.stat.mzxid() == stat.mzxid();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CachedNode n && path.equals(n.path) && Arrays.equals(data, n.data) && stat.equals(n.stat);
    }

    @Override
    public int hashCode() {
        return 31 * path.hashCode() + stat.hashCode();
    }

    @Override
    public String toString() {
        return "CachedNode[" + path + ", " + data.length + " bytes, mzxid 0x" + Long.toHexString(stat.mzxid()) + "]";
    }
}
