package dev.coord.tree;

import dev.coord.log.file.FileSnapshotStore;
import dev.coord.txn.NodeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SnapshotLoadBench times loading a snapshot of {@code N} nodes of 100 bytes (default 1,000,000,
 * in a fan-out-100 tree three levels deep, or with {@code flat} all children of one node, as in the
 * comparison's recovery workload) from a temp directory, as a peer's restart loads it, with
 * {@link FileSnapshotStore#load} (checksum and decode), {@code R} times (default 3), printing every time and the median. (It
 * measured the bulk loader at 0.56-0.67x of the insert-per-node reader it replaced; see
 * docs/BENCHMARKS.md.) A manual tool, not a test:
 * {@code java -cp <test and main classes> dev.coord.tree.SnapshotLoadBench [N] [R] [flat]}. Deletes its file.
 */
final class SnapshotLoadBench {
    private SnapshotLoadBench() {
    }

    public static void main(String[] args) throws IOException {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean flat = args.length > 2 && args[2].equals("flat");
        Path dir = Files.createTempDirectory("coord-snapshot-bench");
        try {
            FileSnapshotStore store = new FileSnapshotStore(dir);
            DataTree tree = flat ? flatTree(nodes) : bigTree(nodes);
            store.save(tree);
            long expectedDigest = tree.digest();
            long zxid = tree.lastZxid();
            tree = null;
            System.out.printf("snapshot: %,d nodes (%s), %,d bytes%n", nodes, flat ? "all children of /mem" : "fan-out 100",
                    Files.size(store.file(zxid)));
            long[] times = new long[runs];
            for (int run = 0; run < runs; run++) {
                times[run] = time(store, zxid, expectedDigest);
                System.out.printf("run %d: %d ms%n", run + 1, times[run]);
            }
            System.out.printf("median: %d ms%n", median(times));
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static long time(FileSnapshotStore store, long zxid, long expectedDigest) {
        System.gc();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long gcMs = gcMs();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        DataTree read = store.load(zxid);
        long ms = (System.nanoTime() - start) / 1_000_000;
        // On a shared machine the wall time depends on the load; the loading thread's CPU time much less.
        System.out.printf("  loading thread cpu %d ms, GC pauses %d ms%n", (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000,
                gcMs() - gcMs);
        if (read.digest() != expectedDigest) {
            throw new IllegalStateException("digest differs");
        }
        return ms;
    }

    private static long gcMs() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** "/mem" and {@code count - 2} children "/mem/nI" of 100 bytes, as the comparison's recovery workload has. */
    static DataTree flatTree(int count) throws IOException {
        TreeBuilder builder = new TreeBuilder(count);
        builder.expectNodes(count);
        builder.addNode("/", node());
        builder.addNode("/mem", node());
        for (int i = 0; i < count - 2; i++) {
            builder.addNode("/mem/n" + i, node());
        }
        return builder.build();
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
