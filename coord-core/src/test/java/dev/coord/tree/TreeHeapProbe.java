package dev.coord.tree;

import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TreeHeapProbe is a measuring program, not a test: it builds a tree of N znodes of 100 bytes under
 * /mem the way the comparison benchmark's creates arrive (multis of 1,000 creates of /mem/n&lt;i&gt;,
 * each with its own data array, as decoded from the log), then prints the heap used per znode after
 * a full GC and the top of this JVM's class histogram.
 *
 * <p>Run: {@code java -cp <coord-core test classpath> dev.coord.tree.TreeHeapProbe [N] [histogram lines]}.
 * With the argument {@code snapshot} last it also writes the tree to a discarding stream, and measures
 * the heap midway through that write (what the benchmark sees when its peer's snapshot is running).
 */
public final class TreeHeapProbe {
    private static final int BATCH = 1_000;
    private static final int PAYLOAD_BYTES = 100;

    private TreeHeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 14;
        boolean snapshot = args.length > 2 && args[2].equals("snapshot");
        long empty = usedAfterGc();
        long started = System.nanoTime();
        DataTree tree = DataTree.empty();
        long zxid = 1;
        tree = tree.apply(zxid++, 0, new Txn.Create("/mem", new byte[0], NodeKind.PERSISTENT, false, 0, 0)).tree();
        for (int from = 0; from < n; from += BATCH) {
            List<Txn> ops = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(n, from + BATCH); i++) {
                // A fresh path string and data array per create, as a decoded transaction has.
                String path = new String(("/mem/n" + i).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
                ops.add(new Txn.Create(path, new byte[PAYLOAD_BYTES], NodeKind.PERSISTENT, false, 0, 0));
            }
            tree = tree.apply(zxid++, zxid, new Txn.Multi(ops)).tree();
        }
        long builtNs = System.nanoTime() - started;
        final DataTree full = tree;
        long used = usedAfterGc();
        System.out.printf("built in %.3f s (%.2f us per create)%n", builtNs / 1e9, builtNs / 1e3 / n);
        System.out.printf("znodes %,d: heap used %,d bytes after GC, empty %,d: %.1f bytes per znode%n",
                n, used, empty, (used - empty) / (double) n);
        System.out.println(histogram(lines));
        if (snapshot) {
            long[] written = {0};
            SnapshotCodec.write(full, new DataOutputStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    count(1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    count(len);
                }

                private void count(int len) {
                    written[0] += len;
                    if (written[0] >= n * 80L && written[0] - len < n * 80L) {
                        long during = usedAfterGc();
                        System.out.printf("midway through the snapshot write: %.1f bytes per znode%n",
                                (during - empty) / (double) n);
                        System.out.println(histogram(lines));
                    }
                }
            }));
        }
        System.out.println("digest " + Long.toHexString(full.digest()) + " nodes " + full.nodeCount());
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String histogram(int lines) {
        try {
            long pid = ProcessHandle.current().pid();
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "jcmd timed out";
            }
            return new String(out, StandardCharsets.UTF_8).lines().limit(lines).reduce((a, b) -> a + "\n" + b).orElse("");
        } catch (IOException | InterruptedException e) {
            return "no histogram: " + e;
        }
    }
}
