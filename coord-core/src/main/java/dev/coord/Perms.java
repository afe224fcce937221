package dev.coord;

/**
 * Perms are the permission bits of an {@link Acl} entry, with ZooKeeper's values. An entry grants the
 * bits it holds to the identities it matches; {@link #ALL} is every bit.
 *
 * <table>
 *   <caption>what each permission allows</caption>
 *   <tr><th>bit</th><th>allows</th></tr>
 *   <tr><td>READ</td><td>getData and getChildren of the node, a multi's check of it, getACL</td></tr>
 *   <tr><td>WRITE</td><td>setData of the node</td></tr>
 *   <tr><td>CREATE</td><td>creating children of the node</td></tr>
 *   <tr><td>DELETE</td><td>deleting children of the node</td></tr>
 *   <tr><td>ADMIN</td><td>setACL of the node (and getACL)</td></tr>
 * </table>
 */
public final class Perms {
    public static final int READ = 1;
    public static final int WRITE = 1 << 1;
    public static final int CREATE = 1 << 2;
    public static final int DELETE = 1 << 3;
    public static final int ADMIN = 1 << 4;
    public static final int ALL = READ | WRITE | CREATE | DELETE | ADMIN;

    private Perms() {
    }

    /** The names of the bits in {@code perms}, for messages: "READ|WRITE", or "NONE". */
    public static String names(int perms) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"READ", "WRITE", "CREATE", "DELETE", "ADMIN"};
        for (int i = 0; i < names.length; i++) {
            if ((perms & (1 << i)) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(names[i]);
            }
        }
        return sb.length() == 0 ? "NONE" : sb.toString();
    }
}
