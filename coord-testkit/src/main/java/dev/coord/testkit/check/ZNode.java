package dev.coord.testkit.check;

/**
 * ZNode is one node as the tree model holds it: what ZooKeeper's semantics let it predict (data,
 * version, cversion, ephemeral owner) and what results revealed of its zxids.
 *
 * <p>Invariant: at version 0 {@code modified} is {@code created} (a node's mzxid equals its czxid until
 * its first setData).
 *
 * @param ephemeralOwner the owning session, or {@link InitialTree#PERSISTENT}
 * @param created        the czxid: the same for every read of this incarnation of the path
 * @param modified       the mzxid of the current version
 */
record ZNode(String data, int version, int cversion, long ephemeralOwner, Stamp created, Stamp modified) {

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
}
