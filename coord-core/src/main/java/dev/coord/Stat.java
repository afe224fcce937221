package dev.coord;

/**
 * Stat is the metadata of one znode at one zxid, maintained exactly as ZooKeeper does.
 *
 * @param czxid          zxid of the transaction that created the node
 * @param mzxid          zxid of the transaction that last changed the node's data
 * @param pzxid          zxid of the transaction that last added or removed a child (czxid until then)
 * @param ctime          creation time, milliseconds since the epoch, taken by the leader
 * @param mtime          time of the last data change, milliseconds since the epoch
 * @param version        number of data changes
 * @param cversion       number of child creations and deletions; also the next sequential suffix
 * @param aversion       number of ACL changes (setACL compares it)
 * @param ephemeralOwner session id of the owner of an ephemeral node, 0 otherwise
 * @param dataLength     length of the node's data in bytes
 * @param numChildren    number of children
 */
public record Stat(
        long czxid,
        long mzxid,
        long pzxid,
        long ctime,
        long mtime,
        int version,
        int cversion,
        int aversion,
        long ephemeralOwner,
        int dataLength,
        int numChildren) {
}
