package dev.coord.tree;

import dev.coord.Acl;
import dev.coord.Stat;
import dev.coord.txn.NodeKind;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * DataNode is one znode as of one zxid: its data, the fields of its {@link Stat}, its kind and its
 * children. Immutable: every change makes a new DataNode, so a reader holding one always sees
 * data and stat of the same zxid.
 *
 * <p>Invariant: {@code data} is never written after construction and never handed out; readers get a
 * copy. {@code dataHash} is {@link TreeDigest#hashData(byte[])} of {@code data}. The rarely set
 * fields (kind, ephemeral owner, TTL, ACL and its version) are in {@link NodeTraits}, shared by all
 * nodes that have the defaults: a node is 80 bytes, not 104.
 *
 * <p>Invariant: {@code children} holds the children's full paths, each the very String instance that
 * is the child's key in the tree's node map, so a child costs no name string of its own. All
 * children of one node share the prefix "parent path + /", so the set's String order is the
 * order of the children's names.
 */
public final class DataNode {
    final byte[] data;
    final long dataHash;
    final long czxid;
    final long mzxid;
    final long pzxid;
    final long ctime;
    final long mtime;
    final int version;
    final int cversion;
    final ChildSet children;
    /** The kind, ephemeral owner, TTL, ACL and ACL version: {@link NodeTraits#DEFAULT} for most nodes. */
    final NodeTraits traits;

    DataNode(byte[] data, long dataHash, long czxid, long mzxid, long pzxid, long ctime, long mtime,
             int version, int cversion, long ephemeralOwner, NodeKind kind, long ttlMs, ChildSet children,
             List<Acl> acl, int aversion) {
        this(data, dataHash, czxid, mzxid, pzxid, ctime, mtime, version, cversion, children,
                NodeTraits.of(kind, ephemeralOwner, ttlMs, acl, aversion));
    }

    private DataNode(byte[] data, long dataHash, long czxid, long mzxid, long pzxid, long ctime, long mtime,
                     int version, int cversion, ChildSet children, NodeTraits traits) {
        this.data = data;
        this.dataHash = dataHash;
        this.czxid = czxid;
        this.mzxid = mzxid;
        this.pzxid = pzxid;
        this.ctime = ctime;
        this.mtime = mtime;
        this.version = version;
        this.cversion = cversion;
        this.children = children;
        this.traits = traits;
    }

    /** A new node as created at {@code zxid}. */
    static DataNode created(byte[] data, long zxid, long timeMs, long ephemeralOwner, NodeKind kind, long ttlMs,
                            List<Acl> acl) {
        return created(data, zxid, timeMs, NodeTraits.of(kind, ephemeralOwner, ttlMs, acl, 0));
    }

    /** A new node as created at {@code zxid}, with {@code traits} (whose aversion is 0). */
    static DataNode created(byte[] data, long zxid, long timeMs, NodeTraits traits) {
        return new DataNode(data, TreeDigest.hashData(data), zxid, zxid, zxid, timeMs, timeMs,
                0, 0, ChildSet.empty(), traits);
    }

    /** This node with new data set at {@code zxid}. */
    DataNode withData(byte[] newData, long zxid, long timeMs) {
        return new DataNode(newData, TreeDigest.hashData(newData), czxid, zxid, pzxid, ctime, timeMs,
                version + 1, cversion, children, traits);
    }

    /** This node with {@code newChildren}, changed by the transaction {@code zxid}. */
    DataNode withChildren(ChildSet newChildren, long zxid) {
        return new DataNode(data, dataHash, czxid, mzxid, zxid, ctime, mtime,
                version, cversion + 1, newChildren, traits);
    }

    /** This node with {@code newChildren} and the same stat (when rebuilding a tree from a snapshot). */
    DataNode withChildrenUnchangedStat(ChildSet newChildren) {
        return new DataNode(data, dataHash, czxid, mzxid, pzxid, ctime, mtime,
                version, cversion, newChildren, traits);
    }

    /** This node with a new ACL: aversion + 1, nothing else changes (as in ZooKeeper, not even mzxid). */
    DataNode withAcl(List<Acl> newAcl) {
        return new DataNode(data, dataHash, czxid, mzxid, pzxid, ctime, mtime,
                version, cversion, children, traits.withAcl(newAcl));
    }

    /** The node's metadata as the public API reports it. */
    public Stat stat() {
        return new Stat(czxid, mzxid, pzxid, ctime, mtime, version, cversion, traits.aversion,
                traits.ephemeralOwner, data.length, children.size());
    }

    /** A private copy of the node's data. */
    public byte[] copyData() {
        return data.clone();
    }

    /** The number of the node's children. */
    public int childCount() {
        return children.size();
    }

    /**
     * The node's children's names, sorted, as a new unmodifiable list: cut from their paths, so this
     * allocates one string per child.
     */
    public List<String> childNames() {
        String[] names = new String[children.size()];
        children.copyInto(names);
        if (names.length > 0) {
            int prefix = names[0].lastIndexOf('/') + 1;   // the same for every child: this node's path + '/'
            for (int i = 0; i < names.length; i++) {
                names[i] = names[i].substring(prefix);
            }
        }
        return Collections.unmodifiableList(Arrays.asList(names));
    }

    /** The node's children's full paths, sorted (the node map's own key strings; see the invariant). */
    public ChildSet childPaths() {
        return children;
    }

    /** The node's ACL (immutable). */
    public List<Acl> acl() {
        return traits.acl;
    }

    public int aversion() {
        return traits.aversion;
    }

    public NodeKind kind() {
        return traits.kind;
    }

    public long ephemeralOwner() {
        return traits.ephemeralOwner;
    }

    public int version() {
        return version;
    }

    public int cversion() {
        return cversion;
    }

    public long mtime() {
        return mtime;
    }

    public long ttlMs() {
        return traits.ttlMs;
    }

    public long czxid() {
        return czxid;
    }

    public long mzxid() {
        return mzxid;
    }

    public long pzxid() {
        return pzxid;
    }
}
