package dev.coord.testkit.check;

import java.util.Objects;

/**
 * ZNode is one node as the tree model holds it: what ZooKeeper's semantics let it predict (data,
 * version, cversion, ephemeral owner) and what results revealed of its zxids.
 *
 * <p>Invariant: at version 0 {@code modified} is {@code created} (a node's mzxid equals its czxid until
 * its first setData).
 *
 * <p>An immutable value; its hash is computed once, since the search hashes and compares states all
 * the time.
 */
final class ZNode {
    private final String data;
    private final int version;
    private final int cversion;
    /** The owning session, or {@link InitialTree#PERSISTENT}. */
    private final long ephemeralOwner;
    /** The czxid: the same for every read of this incarnation of the path. */
    private final Stamp created;
    /** The mzxid of the current version. */
    private final Stamp modified;
    private final int hash;

    ZNode(String data, int version, int cversion, long ephemeralOwner, Stamp created, Stamp modified) {
        this.data = data;
        this.version = version;
        this.cversion = cversion;
        this.ephemeralOwner = ephemeralOwner;
        this.created = created;
        this.modified = modified;
        int h = Objects.hashCode(data);
        h = 31 * h + version;
        h = 31 * h + cversion;
        h = 31 * h + Long.hashCode(ephemeralOwner);
        h = 31 * h + created.hashCode();
        this.hash = 31 * h + modified.hashCode();
    }

    String data() {
        return data;
    }

    int version() {
        return version;
    }

    int cversion() {
        return cversion;
    }

    long ephemeralOwner() {
        return ephemeralOwner;
    }

    Stamp created() {
        return created;
    }

    Stamp modified() {
        return modified;
    }

    /** A node created by a write whose zxid is {@code zxid}. */
    static ZNode created(String data, long ephemeralOwner, Stamp zxid) {
        return new ZNode(data, 0, 0, ephemeralOwner, zxid, zxid);
    }

    /** A node of the initial tree, whose zxids are unknown. */
    static ZNode initial(InitialTree.Node node) {
        Stamp created = Stamp.above(Stamp.UNKNOWN);
        Stamp modified = node.version() == 0 ? created : Stamp.above(Stamp.UNKNOWN);
        return new ZNode(node.data(), node.version(), node.cversion(), node.ephemeralOwner(), created, modified);
    }

    boolean ephemeral() {
        return ephemeralOwner != InitialTree.PERSISTENT;
    }

    /** This node after a setData of {@code newData} by a write whose zxid is {@code zxid}. */
    ZNode withData(String newData, Stamp zxid) {
        return new ZNode(newData, version + 1, cversion, ephemeralOwner, created, zxid);
    }

    /** The largest zxid known of this node (a known czxid or mzxid, or a floor), {@link Stamp#UNKNOWN} if none. */
    long latestKnown() {
        return Math.max(Math.max(created.value(), created.floor()), Math.max(modified.value(), modified.floor()));
    }

    /** This node after a child was created or deleted. */
    ZNode withChildChanged() {
        return new ZNode(data, version, cversion + 1, ephemeralOwner, created, modified);
    }

    /**
     * This node with a result's {@code czxid} and {@code mzxid} observed, or null if they contradict it:
     * a czxid other than this incarnation's, an mzxid other than this version's, either at or below its
     * floor, a czxid above the mzxid, or (at version 0) an mzxid other than the czxid.
     */
    ZNode observe(long czxid, long mzxid) {
        if (czxid > mzxid) {
            return null;
        }
        Stamp c = created.observe(czxid);
        if (c == null) {
            return null;
        }
        Stamp m;
        if (version == 0) {
            m = mzxid == czxid ? c : null;
        } else {
            m = modified.observe(mzxid);
        }
        return m == null ? null : new ZNode(data, version, cversion, ephemeralOwner, c, m);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ZNode n && hash == n.hash && version == n.version && cversion == n.cversion
                && ephemeralOwner == n.ephemeralOwner && Objects.equals(data, n.data) && created.equals(n.created) && modified.equals(n.modified);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "ZNode[data=" + data + ", version=" + version + ", cversion=" + cversion + ", ephemeralOwner=" + ephemeralOwner
                + ", created=" + created + ", modified=" + modified + "]";
    }
}
