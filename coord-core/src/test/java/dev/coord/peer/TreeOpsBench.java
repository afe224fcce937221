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
 * (getData, exists, getChildren), for N children of /mem, as the best and median of several rounds.
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
            long t = System.nanoTime();
            for (String path : paths) {
                tree = tree.apply(zxid++, zxid, new Txn.Create(path, new byte[100], NodeKind.PERSISTENT, false, 0, 0)).tree();
            }
            nsPerOp[0][r] = (System.nanoTime() - t) / (double) n;
            Collections.shuffle(paths, random);
            t = System.nanoTime();
            for (String path : paths) {
                tree = tree.apply(zxid++, zxid, new Txn.SetData(path, new byte[100], -1)).tree();
            }
            nsPerOp[1][r] = (System.nanoTime() - t) / (double) n;
            t = System.nanoTime();
            for (String path : paths) {
                sink += Reads.getData(tree, path, Access.UNCHECKED).data().length;
            }
            nsPerOp[2][r] = (System.nanoTime() - t) / (double) n;
            t = System.nanoTime();
            for (String path : paths) {
                sink += Reads.exists(tree, path).version();
            }
            nsPerOp[3][r] = (System.nanoTime() - t) / (double) n;
            t = System.nanoTime();
            int lists = 20;
            for (int i = 0; i < lists; i++) {
                sink += Reads.getChildren(tree, "/mem", Access.UNCHECKED, Integer.MAX_VALUE).size();
            }
            nsPerOp[4][r] = (System.nanoTime() - t) / (double) (lists * n);
            t = System.nanoTime();
            for (String path : paths) {
                tree = tree.apply(zxid++, zxid, new Txn.Delete(path, -1)).tree();
            }
            nsPerOp[5][r] = (System.nanoTime() - t) / (double) n;
            for (int i = 0; i < 10; i++) {
                tree = tree.apply(zxid++, zxid, new Txn.Create("/mem/c" + i, new byte[0], NodeKind.PERSISTENT, false, 0, 0)).tree();
            }
            t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += Reads.getChildren(tree, "/mem", Access.UNCHECKED, Integer.MAX_VALUE).size();
            }
            nsPerOp[6][r] = (System.nanoTime() - t) / (double) n;
        }
        for (int p = 0; p < phases.length; p++) {
            double[] sorted = nsPerOp[p].clone();
            Arrays.sort(sorted);
            System.out.printf("%-13s best %8.1f  median %8.1f ns per op (per child for getChildren of /mem's N)%n",
                    phases[p], sorted[0], sorted[sorted.length / 2]);
        }
        System.out.println("sink " + sink);
    }
}
