package dev.coord.tree;

import dev.coord.Acl;
import dev.coord.txn.NodeKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SnapshotCodec writes a whole {@link DataTree} (sessions, then nodes parents-first) to a stream and
 * reads it back, verifying that the rebuilt tree has the digest that was written. Checksums of the
 * bytes are the store's business; this codec still never trusts a length it reads.
 *
 * <pre>
 *  magic "COORDSNP" (64) | format version (32) | lastZxid (64) | digest (64)
 *  session count (32) | per session: id (64) timeoutMs (64) ownerPeerId (32)
 *  ACL count (32)     | per distinct ACL, numbered from 0 in this order:           (format 2 only)
 *      entry count (32), per entry: perms (32) scheme (str) id (str)
 *  node count (32)    | per node, parents before children:
 *      path (str) data (bytes) czxid mzxid pzxid ctime mtime (64 each)
 *      version cversion (32 each) ephemeralOwner (64) kind (8) ttlMs (64)
 *      aversion (32) ACL number (32)                                              (format 2 only)
 *  end magic "SNPEND.." (64)
 *  str = length (32) + UTF-8; bytes = length (32) + bytes; big-endian (java.io.DataOutput)
 * </pre>
 *
 * <p>Format 2 added the ACLs; each distinct ACL is written once. Format 1 (written before ACLs
 * existed) still reads: its nodes get {@link Acl#OPEN_ACL_UNSAFE} and aversion 0, which is what they
 * had, and its digest still verifies because such nodes hash as before (see {@link TreeDigest}).
 */
public final class SnapshotCodec {
    private static final long MAGIC = 0x434F4F5244534E50L; // "COORDSNP"
    private static final long END_MAGIC = 0x534E50454E442E2EL; // "SNPEND.."
    private static final int FORMAT_VERSION = 2;
    private static final int FORMAT_WITHOUT_ACL = 1;
    private static final int MAX_ACL_ENTRIES = 1 << 16;
    private static final int MAX_PATH_BYTES = 1 << 20;
    private static final int MAX_DATA_BYTES = 1 << 30;
    private static final int READ_CHUNK_BYTES = 64 * 1024;

    private SnapshotCodec() {
    }

    /** Writes {@code tree} to {@code out}. */
    public static void write(DataTree tree, DataOutput out) throws IOException {
        out.writeLong(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeLong(tree.lastZxid());
        out.writeLong(tree.digest());
        out.writeInt(tree.sessionCount());
        try {
            tree.forEachSession((id, info) -> {
                try {
                    out.writeLong(id);
                    out.writeLong(info.timeoutMs());
                    out.writeInt(info.ownerPeerId());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Map<List<Acl>, Integer> aclNumbers = writeAcls(tree, out);
            out.writeInt(tree.nodeCount());
            tree.forEachNodeDepthFirst((path, node) -> {
                try {
                    writeNode(path, node, aclNumbers.get(node.acl()), out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.writeLong(END_MAGIC);
    }

    /** Writes the table of distinct ACLs; returns each one's number. */
    private static Map<List<Acl>, Integer> writeAcls(DataTree tree, DataOutput out) throws IOException {
        Map<List<Acl>, Integer> numbers = new HashMap<>();
        List<List<Acl>> inOrder = new ArrayList<>();
        tree.forEachNodeDepthFirst((path, node) -> {
            if (numbers.putIfAbsent(node.acl(), numbers.size()) == null) {
                inOrder.add(node.acl());
            }
        });
        out.writeInt(inOrder.size());
        for (List<Acl> acl : inOrder) {
            out.writeInt(acl.size());
            for (Acl entry : acl) {
                out.writeInt(entry.perms());
                writeString(entry.scheme(), out);
                writeString(entry.id(), out);
            }
        }
        return numbers;
    }

    private static void writeString(String s, DataOutput out) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void writeNode(String path, DataNode node, int aclNumber, DataOutput out) throws IOException {
        byte[] pathBytes = path.getBytes(StandardCharsets.UTF_8);
        out.writeInt(pathBytes.length);
        out.write(pathBytes);
        out.writeInt(node.data.length);
        out.write(node.data);
        out.writeLong(node.czxid);
        out.writeLong(node.mzxid);
        out.writeLong(node.pzxid);
        out.writeLong(node.ctime);
        out.writeLong(node.mtime);
        out.writeInt(node.version);
        out.writeInt(node.cversion);
        out.writeLong(node.ephemeralOwner());
        out.writeByte(node.kind().ordinal());
        out.writeLong(node.ttlMs());
        out.writeInt(node.aversion());
        out.writeInt(aclNumber);
    }

    /**
     * Reads a tree written by {@link #write}.
     *
     * @throws IOException on a read error, or with a message saying what is wrong when the content is
     *                     malformed (bad magic, impossible lengths, a node before its parent, a digest
     *                     mismatch)
     */
    public static DataTree read(DataInput in) throws IOException {
        if (in.readLong() != MAGIC) {
            throw new IOException("not a Coord snapshot (bad magic)");
        }
        int format = in.readInt();
        if (format != FORMAT_VERSION && format != FORMAT_WITHOUT_ACL) {
            throw new IOException("unsupported snapshot format " + format);
        }
        long lastZxid = in.readLong();
        long digest = in.readLong();
        TreeBuilder builder = new TreeBuilder(lastZxid);
        int sessions = count(in.readInt(), "session");
        for (int i = 0; i < sessions; i++) {
            builder.addSession(in.readLong(), new SessionInfo(in.readLong(), in.readInt()));
        }
        List<List<Acl>> acls = format == FORMAT_WITHOUT_ACL ? List.of(Acl.OPEN_ACL_UNSAFE) : readAcls(in);
        int nodes = count(in.readInt(), "node");
        if (nodes < 1) {
            throw new IOException("a snapshot must hold at least the root node");
        }
        builder.expectNodes(nodes);
        byte[] pathBuffer = new byte[256];
        for (int i = 0; i < nodes; i++) {
            int pathLength = length(in, MAX_PATH_BYTES, "path");
            if (pathLength > pathBuffer.length) {
                pathBuffer = new byte[Math.max(pathLength, 2 * pathBuffer.length)];
            }
            in.readFully(pathBuffer, 0, pathLength);
            String path = new String(pathBuffer, 0, pathLength, StandardCharsets.UTF_8);
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

    /**
     * Reads a tree written by {@link #write} from {@code body}'s position to its limit (a mapped
     * snapshot file, say), which must hold the snapshot and nothing after it; moves the position.
     *
     * @throws IOException as {@link #read(DataInput)} does, also if bytes follow the end marker
     */
    public static DataTree read(ByteBuffer body) throws IOException {
        DataTree tree = read(new ByteBufferInput(body));
        if (body.hasRemaining()) {
            throw new IOException(body.remaining() + " bytes follow the snapshot's end marker");
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
        int length = length(in, max, what);
        // Grown as bytes arrive, never sized by the length alone: a damaged length must not allocate up
        // to a GiB before the stream turns out to be short.
        byte[] out = new byte[Math.min(length, READ_CHUNK_BYTES)];
        int filled = 0;
        while (true) {
            in.readFully(out, filled, out.length - filled);
            filled = out.length;
            if (filled == length) {
                return out;
            }
            out = java.util.Arrays.copyOf(out, (int) Math.min(length, 2L * filled));
        }
    }

    /** Reads a length of at most {@code max}. */
    private static int length(DataInput in, int max, String what) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > max) {
            throw new IOException("impossible " + what + " length " + length);
        }
        return length;
    }

    private static NodeKind kind(byte b) throws IOException {
        try {
            return NodeKind.ofOrdinal(b);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
