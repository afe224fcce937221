package dev.coord.tree;

import java.util.List;

/**
 * Access is whom a request acts for when a node's ACL is checked: the session's address (the "ip"
 * identity), the digest identities it added with addAuth, and whether one of them is the configured
 * super user, who passes every check. The peer that decides (the leader for writes, the session's
 * own peer for reads) builds it; {@link #UNCHECKED} is for the ensemble's own transactions (session
 * expiry, TTL deletes) and for replicas applying committed transactions, which are never checked again.
 *
 * @param ip        the session's address in the form {@link AclRules#parseAddress} reads, or null if unknown
 * @param digests   the session's digest identities, {@code user:base64(sha1(user:password))}
 * @param superUser true if the checks are bypassed
 */
public record Access(String ip, List<String> digests, boolean superUser) {
    /** No check at all. */
    public static final Access UNCHECKED = new Access(null, List.of(), true);

    public Access {
        digests = List.copyOf(digests);
    }

    /**
     * The access of a session at {@code ip} with {@code digests}; it is the super user if one of them
     * equals {@code superDigest} (null: no super user is configured).
     */
    public static Access of(String ip, List<String> digests, String superDigest) {
        return new Access(ip, digests, superDigest != null && digests.contains(superDigest));
    }

    /** The identities for messages: "ip:10.0.0.1, digest:alice:..."; never a password. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        if (ip != null) {
            sb.append("ip:").append(ip);
        }
        for (String d : digests) {
            sb.append(sb.length() == 0 ? "" : ", ").append("digest:").append(d.substring(0, d.indexOf(':')));
        }
        return sb.length() == 0 ? "no identity" : sb.toString();
    }
}
