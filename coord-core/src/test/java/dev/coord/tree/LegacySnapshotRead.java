package dev.coord.tree;

import dev.coord.Acl;
import dev.coord.txn.NodeKind;
import java.io.DataInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * LegacySnapshotRead (test scope: the baseline of {@link SnapshotLoadBench} only) is
 * {@link SnapshotCodec#read} as it was before bulk loading, building with {@link LegacyTreeBuilder}.
 */
final class LegacySnapshotRead {
    private static final long MAGIC = 0x434F4F5244534E50L;
    private static final long END_MAGIC = 0x534E50454E442E2EL;
    private static final int FORMAT_VERSION = 2;
    private static final int FORMAT_WITHOUT_ACL = 1;
    private static final int MAX_ACL_ENTRIES = 1 << 16;
    private static final int MAX_PATH_BYTES = 1 << 20;
    private static final int MAX_DATA_BYTES = 1 << 30;

    private LegacySnapshotRead() {
    }

    static DataTree read(DataInput in) throws IOException {
        if (in.readLong() != MAGIC) {
            throw new IOException("not a Coord snapshot (bad magic)");
        }
        int format = in.readInt();
        if (format != FORMAT_VERSION && format != FORMAT_WITHOUT_ACL) {
            throw new IOException("unsupported snapshot format " + format);
        }
        long lastZxid = in.readLong();
        long digest = in.readLong();
        LegacyTreeBuilder builder = new LegacyTreeBuilder(lastZxid);
        int sessions = count(in.readInt(), "session");
        for (int i = 0; i < sessions; i++) {
            builder.addSession(in.readLong(), new SessionInfo(in.readLong(), in.readInt()));
        }
        List<List<Acl>> acls = format == FORMAT_WITHOUT_ACL ? List.of(Acl.OPEN_ACL_UNSAFE) : readAcls(in);
        int nodes = count(in.readInt(), "node");
        if (nodes < 1) {
            throw new IOException("a snapshot must hold at least the root node");
        }
        for (int i = 0; i < nodes; i++) {
            String path = new String(bytes(in, MAX_PATH_BYTES, "path"), StandardCharsets.UTF_8);
            byte[] data = bytes(in, MAX_DATA_BYTES, "data");
            long czxid = in.readLong();
            long mzxid = in.readLong();
            long pzxid = in.readLong();
            long ctime = in.readLong();
            long mtime = in.readLong();
            int version = in.readInt();
            int cversion = in.readInt();
            long owner = in.readLong();
            NodeKind kind = kind(in.readByte());
            long ttlMs = in.readLong();
            int aversion = format == FORMAT_WITHOUT_ACL ? 0 : in.readInt();
            int aclNumber = format == FORMAT_WITHOUT_ACL ? 0 : in.readInt();
            if (aclNumber < 0 || aclNumber >= acls.size()) {
                throw new IOException("node " + path + " names ACL " + aclNumber + " of " + acls.size());
            }
            DataNode node = new DataNode(data, TreeDigest.hashData(data), czxid, mzxid, pzxid, ctime, mtime,
                    version, cversion, owner, kind, ttlMs, ChildSet.empty(), acls.get(aclNumber), aversion);
            builder.addNode(path, node);
        }
        if (in.readLong() != END_MAGIC) {
            throw new IOException("snapshot does not end with its end marker");
        }
        DataTree tree = builder.build();
        if (tree.digest() != digest) {
            throw new IOException("snapshot digest mismatch: stored " + Long.toHexString(digest)
                    + ", rebuilt " + Long.toHexString(tree.digest()));
        }
        return tree;
    }

    private static List<List<Acl>> readAcls(DataInput in) throws IOException {
        int count = count(in.readInt(), "ACL");
        List<List<Acl>> acls = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            int entries = count(in.readInt(), "ACL entry");
            if (entries < 1 || entries > MAX_ACL_ENTRIES) {
                throw new IOException("impossible ACL entry count " + entries);
            }
            List<Acl> acl = new ArrayList<>(entries);
            for (int j = 0; j < entries; j++) {
                int perms = in.readInt();
                String scheme = new String(bytes(in, MAX_PATH_BYTES, "ACL scheme"), StandardCharsets.UTF_8);
                String id = new String(bytes(in, MAX_PATH_BYTES, "ACL id"), StandardCharsets.UTF_8);
                acl.add(new Acl(scheme, id, perms));
            }
            acls.add(AclRules.isOpen(acl) ? Acl.OPEN_ACL_UNSAFE : List.copyOf(acl));
        }
        return acls;
    }

    private static int count(int n, String what) throws IOException {
        if (n < 0) {
            throw new IOException("negative " + what + " count " + n);
        }
        return n;
    }

    private static byte[] bytes(DataInput in, int max, String what) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > max) {
            throw new IOException("impossible " + what + " length " + length);
        }
        byte[] out = new byte[length];
        in.readFully(out);
        return out;
    }

    private static NodeKind kind(byte b) throws IOException {
        try {
            return NodeKind.ofOrdinal(b);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
