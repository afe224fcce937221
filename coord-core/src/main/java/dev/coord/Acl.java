package dev.coord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Acl is one entry of a znode's access control list: the {@link Perms permissions} granted to the
 * identities that {@code scheme} and {@code id} match. A node's list grants the union of its entries.
 *
 * <table>
 *   <caption>schemes</caption>
 *   <tr><th>scheme</th><th>id</th><th>matches</th></tr>
 *   <tr><td>world</td><td>{@code anyone}</td><td>every session</td></tr>
 *   <tr><td>digest</td><td>{@code user:base64(sha1("user:password"))}</td><td>a session that called
 *       {@code addAuth("digest", "user:password")}; only the digest is stored, never the password</td></tr>
 *   <tr><td>ip</td><td>an IPv4 or IPv6 address, or a CIDR range {@code addr/bits}</td><td>a session whose
 *       address is in the range; a session's address is that of the peer it runs on (see
 *       {@code docs/SECURITY-acl.md})</td></tr>
 *   <tr><td>auth</td><td>empty</td><td>used only in a create or setACL: replaced by one entry per
 *       identity the session added with addAuth, with these permissions</td></tr>
 * </table>
 *
 * @param scheme the scheme: world, digest, ip or auth
 * @param id     the identity or range, in the scheme's form
 * @param perms  the {@link Perms} bits granted
 */
public record Acl(String scheme, String id, int perms) {
    /** Everyone may do everything: the ACL of a create that names none (ZooKeeper's OPEN_ACL_UNSAFE). */
    public static final List<Acl> OPEN_ACL_UNSAFE = List.of(new Acl("world", "anyone", Perms.ALL));
    /** Everyone may read, nobody may change anything (ZooKeeper's READ_ACL_UNSAFE). */
    public static final List<Acl> READ_ACL_UNSAFE = List.of(new Acl("world", "anyone", Perms.READ));
    /** Every identity the creating session authenticated may do everything (ZooKeeper's CREATOR_ALL_ACL). */
    public static final List<Acl> CREATOR_ALL_ACL = List.of(new Acl("auth", "", Perms.ALL));

    public Acl {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(id, "id");
    }

    /** An entry granting {@code perms} to everyone. */
    public static Acl world(int perms) {
        return new Acl("world", "anyone", perms);
    }

    /** An entry granting {@code perms} to the sessions that authenticate as {@code user} with {@code password}. */
    public static Acl digest(String user, String password, int perms) {
        return new Acl("digest", digestId(user, password), perms);
    }

    /** An entry granting {@code perms} to the sessions whose address is in {@code addressOrCidr}. */
    public static Acl ip(String addressOrCidr, int perms) {
        return new Acl("ip", addressOrCidr, perms);
    }

    /** An entry granting {@code perms} to every identity the creating (or setting) session authenticated. */
    public static Acl auth(int perms) {
        return new Acl("auth", "", perms);
    }

    /**
     * The stored form of a digest identity: {@code user:base64(sha1("user:password"))}, the form the
     * super user's digest is configured in.
     */
    public static String digestId(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a digest user name must not contain ':', was \"" + user + "\"");
        }
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return user + ":" + Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1, which every Java platform must provide", e);
        }
    }

    @Override
    public String toString() {
        return scheme + ":" + id + ":" + Perms.names(perms);
    }
}
