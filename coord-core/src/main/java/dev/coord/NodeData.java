package dev.coord;

import java.util.Arrays;

/**
 * NodeData is what {@code getData} returns: a znode's data and its {@link Stat}, both as of one zxid.
 *
 * <p>The array is a private copy made for this result; the caller may keep or change it.
 */
public final class NodeData {
    private final byte[] data;
    private final Stat stat;

    public NodeData(byte[] data, Stat stat) {
        this.data = data;
        this.stat = stat;
    }

    /** The node's data (never null; empty when the node has no data). */
    public byte[] data() {
        return data;
    }

    /** The node's metadata at the same zxid as {@link #data()}. */
    public Stat stat() {
        return stat;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeData other && Arrays.equals(data, other.data) && stat.equals(other.stat);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + stat.hashCode();
    }

    @Override
    public String toString() {
        return "NodeData[length=" + data.length + ", stat=" + stat + "]";
    }
}
