package dev.coord.peer;

import dev.coord.tree.Access;
import dev.coord.tree.DataTree;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * TreeOpsBench is a measuring program, not a test: the agent thread's cost of applying creates,
 * setData and deletes to a {@link DataTree} one transaction each, and of the reads a peer answers
 * (getData, exists, getChildren), for N children of /mem, as the best and median of several rounds of
 * this thread's CPU time (GC threads' work is not in it: the bytes allocated per op stand for that).
 * It uses only what every version of the tree offers, to compare versions on the same machine.
 *
 * <p>Run: {@code java -cp <coord-core test classpath> dev.coord.peer.TreeOpsBench [N] [rounds]}.
 */
public final class TreeOpsBench {
    private TreeOpsBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String[] phases = {"create", "setData", "getData", "exists", "getChildren", "delete", "getChildren10"};
        double[][] nsPerOp = new double[phases.length][rounds];
        double[][] bytesPerOp = new double[phases.length][rounds];
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            Random random = new Random(r);
            List<String> paths = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                paths.add("/mem/n" + i);
            }
            DataTree tree = DataTree.empty();
            long zxid = 1;
            tree = tree.apply(zxid++, 0, new Txn.Create("/mem", new byte[0], NodeKind.PERSISTENT, false, 0, 0)).tree();
            long[] t = start();
            for (String path : paths) {
                tree = tree.apply(zxid++, zxid, new Txn.Create(path, new byte[100], NodeKind.PERSISTENT, false, 0, 0)).tree();
            }
            stop(t, nsPerOp[0], bytesPerOp[0], r, n);
            Collections.shuffle(paths, random);
            t = start();
            for (String path : paths) {
                tree = tree.apply(zxid++, zxid, new Txn.SetData(path, new byte[100], -1)).tree();
            }
            stop(t, nsPerOp[1], bytesPerOp[1], r, n);
            t = start();
            for (String path : paths) {
                sink += Reads.getData(tree, path, Access.UNCHECKED).data().length;
            }
            stop(t, nsPerOp[2], bytesPerOp[2], r, n);
            t = start();
            for (String path : paths) {
                sink += Reads.exists(tree, path).version();
            }
            stop(t, nsPerOp[3], bytesPerOp[3], r, n);
            t = start();
            int lists = 20;
            for (int i = 0; i < lists; i++) {
                sink += Reads.getChildren(tree, "/mem", Access.UNCHECKED, Integer.MAX_VALUE).size();
            }
            stop(t, nsPerOp[4], bytesPerOp[4], r, (lists * n));
            t = start();
            for (String path : paths) {
                tree = tree.apply(zxid++, zxid, new Txn.Delete(path, -1)).tree();
            }
            stop(t, nsPerOp[5], bytesPerOp[5], r, n);
            for (int i = 0; i < 10; i++) {
                tree = tree.apply(zxid++, zxid, new Txn.Create("/mem/c" + i, new byte[0], NodeKind.PERSISTENT, false, 0, 0)).tree();
            }
            t = start();
            for (int i = 0; i < n; i++) {
                sink += Reads.getChildren(tree, "/mem", Access.UNCHECKED, Integer.MAX_VALUE).size();
            }
            stop(t, nsPerOp[6], bytesPerOp[6], r, n);
        }
        for (int p = 0; p < phases.length; p++) {
            double[] sorted = nsPerOp[p].clone();
            Arrays.sort(sorted);
            double[] bytes = bytesPerOp[p].clone();
            Arrays.sort(bytes);
            System.out.printf("%-13s CPU best %8.1f  median %8.1f ns, allocated %8.1f bytes per op%n",
                    phases[p], sorted[0], sorted[sorted.length / 2], bytes[bytes.length / 2]);
        }
        System.out.println("(getChildren: per child listed, of /mem's N; getChildren10: per call)  sink " + sink);
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    /** This thread's CPU time and allocated bytes so far: timed by CPU, not wall clock, on a shared machine. */
    private static long[] start() {
        return new long[] {THREADS.getCurrentThreadCpuTime(), THREADS.getCurrentThreadAllocatedBytes()};
    }

    private static void stop(long[] start, double[] ns, double[] bytes, int round, double ops) {
        ns[round] = (THREADS.getCurrentThreadCpuTime() - start[0]) / ops;
        bytes[round] = (THREADS.getCurrentThreadAllocatedBytes() - start[1]) / ops;
    }
}
