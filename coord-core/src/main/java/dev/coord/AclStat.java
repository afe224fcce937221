package dev.coord;

import java.util.List;

/**
 * AclStat is what {@code getACL} returns: a znode's access control list and its {@link Stat} (whose
 * {@link Stat#aversion()} a later {@code setACL} compares), both as of one zxid.
 *
 * @param acl  the node's ACL entries, in the order they were set
 * @param stat the node's metadata
 */
public record AclStat(List<Acl> acl, Stat stat) {
    public AclStat {
        acl = List.copyOf(acl);
    }
}
