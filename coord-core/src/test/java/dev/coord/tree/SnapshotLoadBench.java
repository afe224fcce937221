package dev.coord.tree;

import dev.coord.txn.NodeKind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SnapshotLoadBench times reading a snapshot of {@code N} nodes of 100 bytes (default 1,000,000,
 * in a fan-out-100 tree three levels deep) from a temp file, as a peer's restart reads it, with
 * {@link SnapshotCodec#read}, {@code R} times (default 3), printing every time and the median. (It
 * measured the bulk loader at 0.56-0.67x of the insert-per-node reader it replaced; see
 * docs/BENCHMARKS.md.) A manual tool, not a test:
 * {@code java -cp <test and main classes> dev.coord.tree.SnapshotLoadBench [N] [R]}. Deletes its file.
 */
final class SnapshotLoadBench {
    private SnapshotLoadBench() {
    }

    public static void main(String[] args) throws IOException {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path file = Files.createTempFile("coord-snapshot-bench", ".snap");
        try {
            DataTree tree = bigTree(nodes);
            try (OutputStream raw = Files.newOutputStream(file)) {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
                SnapshotCodec.write(tree, out);
                out.flush();
            }
            long expectedDigest = tree.digest();
            tree = null;
            System.out.printf("snapshot: %,d nodes, %,d bytes%n", nodes, Files.size(file));
            long[] times = new long[runs];
            for (int run = 0; run < runs; run++) {
                times[run] = time(file, expectedDigest);
                System.out.printf("run %d: %d ms%n", run + 1, times[run]);
            }
            System.out.printf("median: %d ms%n", median(times));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long time(Path file, long expectedDigest) throws IOException {
        System.gc();
        long start = System.nanoTime();
        DataTree read;
        try (InputStream raw = Files.newInputStream(file)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
            read = SnapshotCodec.read(in);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (read.digest() != expectedDigest) {
            throw new IllegalStateException("digest differs");
        }
        return ms;
    }

    private static long median(long[] times) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** {@code count} persistent nodes of 100 bytes: "/dN/dN/nN" with fan-out 100 (built in bulk). */
    static DataTree bigTree(int count) throws IOException {
        TreeBuilder builder = new TreeBuilder(count);
        builder.expectNodes(count);
        builder.addNode("/", node());
        List<String> level = new ArrayList<>(List.of("/"));
        int added = 1;
        while (added < count) {
            List<String> next = new ArrayList<>();
            for (String parent : level) {
                for (int i = 0; i < 100 && added < count; i++, added++) {
                    String path = (parent.equals("/") ? "" : parent) + "/n" + i;
                    builder.addNode(path, node());
                    next.add(path);
                }
            }
            level = next;
        }
        return builder.build();
    }

    private static DataNode node() {
        byte[] data = new byte[100];
        Arrays.fill(data, (byte) 'x');
        return new DataNode(data, TreeDigest.hashData(data), 1, 1, 1, 1, 1, 0, 0, 0, NodeKind.PERSISTENT, 0,
                ChildSet.empty(), dev.coord.Acl.OPEN_ACL_UNSAFE, 0);
    }
}
