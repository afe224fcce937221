package dev.coord.tree;

import dev.coord.Acl;
import dev.coord.CoordException;
import dev.coord.Perms;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * AclRules validates the ACLs given to create and setACL (expanding the "auth" scheme) and decides
 * whether an ACL grants a permission to an {@link Access}. Addresses are parsed here by hand (IPv4
 * dotted quads, IPv6 with "::" and an optional dotted tail), never resolved: an ACL names addresses,
 * not host names.
 */
public final class AclRules {
    private static final String WORLD = "world";
    private static final String DIGEST = "digest";
    private static final String IP = "ip";
    private static final String AUTH = "auth";
    /** The length of base64(sha1(...)): 20 bytes give 28 characters. */
    private static final int DIGEST_CHARS = 28;

    private AclRules() {
    }

    /** True for {@link Acl#OPEN_ACL_UNSAFE} (by value): the ACL that costs nothing in digests and snapshots. */
    public static boolean isOpen(List<Acl> acl) {
        return acl == Acl.OPEN_ACL_UNSAFE || acl.size() == 1 && acl.get(0).equals(Acl.OPEN_ACL_UNSAFE.get(0));
    }

    /**
     * The ACL to store for {@code acl} given to an operation on {@code path} by a session with the
     * digest identities {@code authDigests}: "auth" entries replaced by one entry per identity,
     * duplicates dropped, order kept. Throws InvalidAclException naming the entry and the rule broken.
     */
    public static List<Acl> validate(String path, List<Acl> acl, List<String> authDigests) {
        if (acl == null || acl.isEmpty()) {
            throw invalid(path, "the ACL of " + path + " is " + (acl == null ? "null" : "empty") + "; give at least one entry");
        }
        if (isOpen(acl)) {
            return Acl.OPEN_ACL_UNSAFE;
        }
        List<Acl> out = new ArrayList<>(acl.size());
        for (Acl entry : acl) {
            if (entry == null) {
                throw invalid(path, "the ACL of " + path + " has a null entry");
            }
            if (entry.perms() == 0 || (entry.perms() & ~Perms.ALL) != 0) {
                throw invalid(path, "ACL entry " + entry.scheme() + ":" + entry.id() + " of " + path
                        + " has permissions " + entry.perms() + "; they must be a non-empty combination of Perms bits (1.." + Perms.ALL + ")");
            }
            if (AUTH.equals(entry.scheme())) {
                if (authDigests.isEmpty()) {
                    throw invalid(path, "the ACL of " + path + " uses the auth scheme, but the session has added no identity (addAuth)");
                }
                for (String d : authDigests) {
                    addOnce(out, new Acl(DIGEST, d, entry.perms()));
                }
                continue;
            }
            String broken = brokenId(entry);
            if (broken != null) {
                throw invalid(path, "ACL entry " + entry.scheme() + ":" + entry.id() + " of " + path + ": " + broken);
            }
            addOnce(out, entry);
        }
        return List.copyOf(out);
    }

    private static void addOnce(List<Acl> out, Acl entry) {
        if (!out.contains(entry)) {
            out.add(entry);
        }
    }

    /** What is wrong with a stored entry's scheme or id, or null. */
    static String brokenId(Acl entry) {
        switch (entry.scheme()) {
            case WORLD:
                return "anyone".equals(entry.id()) ? null : "the world scheme's only id is \"anyone\"";
            case DIGEST:
                return isDigestId(entry.id()) ? null : "a digest id is user:base64(sha1(user:password)) (see Acl.digestId)";
            case IP:
                return parseRange(entry.id()) != null ? null : "an ip id is an IPv4 or IPv6 address, or address/prefix-bits";
            default:
                return "unknown scheme \"" + entry.scheme() + "\" (world, digest, ip, auth)";
        }
    }

    /** True for {@code user:hash} where the user is non-empty and hash is base64 of 20 bytes. */
    public static boolean isDigestId(String id) {
        int colon = id.indexOf(':');
        if (colon <= 0 || id.length() - colon - 1 != DIGEST_CHARS) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(id.substring(colon + 1)).length == 20;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Throws NoAuthException unless {@code acl} grants {@code perm} to {@code access}; {@code what}
     * describes the operation and {@code aclPath} names the node whose ACL is checked.
     */
    static void require(List<Acl> acl, int perm, Access access, String path, String what, String aclPath) {
        if (!permits(acl, perm, access)) {
            throw new CoordException.NoAuthException(path, what + ": the ACL of " + aclPath + " does not grant "
                    + Perms.names(perm) + " to " + access.describe());
        }
    }

    /** True if some entry of {@code acl} grants a bit of {@code perm} to {@code access}. */
    public static boolean permits(List<Acl> acl, int perm, Access access) {
        if (access.superUser()) {
            return true;
        }
        for (Acl entry : acl) {
            if ((entry.perms() & perm) != 0 && matches(entry, access)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Acl entry, Access access) {
        switch (entry.scheme()) {
            case WORLD:
                return true;
            case DIGEST:
                return access.digests().contains(entry.id());
            case IP:
                return access.ip() != null && inRange(entry.id(), access.ip());
            default:
                return false;
        }
    }

    /** True if {@code address} is inside {@code range} (an address, or address/bits). */
    static boolean inRange(String range, String address) {
        byte[][] r = parseRange(range);
        byte[] a = parseAddress(address);
        if (r == null || a == null || r[0].length != a.length) {
            return false;
        }
        int bits = r[1][0] & 0xFF;
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i & 7);
            if ((r[0][i >>> 3] & mask) != (a[i >>> 3] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** {address bytes, {prefix bits}} of "addr" or "addr/bits", or null if malformed. */
    private static byte[][] parseRange(String range) {
        int slash = range.indexOf('/');
        byte[] address = parseAddress(slash < 0 ? range : range.substring(0, slash));
        if (address == null) {
            return null;
        }
        int bits = address.length * 8;
        if (slash >= 0) {
            String b = range.substring(slash + 1);
            if (b.isEmpty() || b.length() > 3 || !b.chars().allMatch(Character::isDigit)) {
                return null;
            }
            bits = Integer.parseInt(b);
            if (bits > address.length * 8) {
                return null;
            }
        }
        return new byte[][] {address, {(byte) bits}};
    }

    /** The 4 or 16 bytes of an IPv4 or IPv6 literal, or null if {@code s} is not one. */
    public static byte[] parseAddress(String s) {
        return s.indexOf(':') >= 0 ? parseIpv6(s) : parseIpv4(s);
    }

    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = groups(gap < 0 ? s : s.substring(0, gap));
        List<Integer> tail = gap < 0 ? List.of() : groups(s.substring(gap + 2));
        if (head == null || tail == null) {
            return null;
        }
        int count = head.size() + tail.size();
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] out = new byte[16];
        int at = 0;
        for (int g : head) {
            out[at++] = (byte) (g >>> 8);
            out[at++] = (byte) g;
        }
        at = 16 - 2 * tail.size();
        for (int g : tail) {
            out[at++] = (byte) (g >>> 8);
            out[at++] = (byte) g;
        }
        return out;
    }

    /** The 16-bit groups of a colon-separated part (a dotted IPv4 tail counts as two), or null. */
    private static List<Integer> groups(String part) {
        List<Integer> out = new ArrayList<>();
        if (part.isEmpty()) {
            return out;
        }
        String[] pieces = part.split(":", -1);
        for (int i = 0; i < pieces.length; i++) {
            String p = pieces[i];
            if (i == pieces.length - 1 && p.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(p);
                if (v4 == null) {
                    return null;
                }
                out.add((v4[0] & 0xFF) << 8 | (v4[1] & 0xFF));
                out.add((v4[2] & 0xFF) << 8 | (v4[3] & 0xFF));
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = v << 4 | d;
            }
            out.add(v);
        }
        return out;
    }

    private static CoordException.InvalidAclException invalid(String path, String message) {
        return new CoordException.InvalidAclException(path, message);
    }
}
