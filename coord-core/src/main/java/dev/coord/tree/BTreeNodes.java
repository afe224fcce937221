package dev.coord.tree;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * BTreeNodes are the static operations on the immutable B+ tree of strings behind {@link ChildSet}:
 * each update copies the nodes on one root-to-leaf path and shares every other node.
 *
 * <p>A node is either a leaf, a plain sorted {@code String[]} with no object around it, or a
 * {@link Branch}. A null node is the empty tree. Leaves hold {@link #MIN} to {@link #MAX} strings, so
 * a string costs its 4-byte reference plus about a twentieth of an array header, where a binary tree
 * node per string (as this replaced) cost 32 bytes.
 *
 * <pre>
 *            Branch  kids:  [ leaf0        leaf1        leaf2      ]
 *                    lows:  [ "a"          "k"          "t"        ]   lows[i] = first string of kids[i]
 *            leaves:        [a b ... j]  [k l ... s]  [t u ... z]
 * </pre>
 *
 * <p>Invariant (of a tree): strings ascend strictly across the leaves from left to right; every leaf
 * is at the same depth; a non-root node has {@link #MIN} to {@link #MAX} strings (leaf) or kids
 * (branch); a root branch has 2 to {@link #MAX} kids and a root leaf 1 to {@link #MAX} strings.
 */
final class BTreeNodes {

    /** The most strings in a leaf and kids in a branch. */
    static final int MAX = 32;

    /** The fewest strings in a leaf and kids in a branch, except at the root. */
    static final int MIN = MAX / 2;

    /** An inner node. Invariant: {@code kids.length == lows.length}, lows as drawn on the type. */
    static final class Branch {
        final Object[] kids;
        final String[] lows;

        Branch(Object[] kids, String[] lows) {
            this.kids = kids;
            this.lows = lows;
        }
    }

    /** The two halves of a node that overflowed; its parent takes both in its place. */
    private record Split(Object left, Object right) {
    }

    private BTreeNodes() {
    }

    static boolean contains(Object node, String name) {
        if (node == null) {
            return false;
        }
        while (node instanceof Branch branch) {
            node = branch.kids[kidFor(branch.lows, name)];
        }
        return Arrays.binarySearch((String[]) node, name) >= 0;
    }

    /** The kid whose range holds {@code name}: the last whose low is at most it, else the first. */
    private static int kidFor(String[] lows, String name) {
        int i = Arrays.binarySearch(lows, name);
        return i >= 0 ? i : Math.max(0, -i - 2);
    }

    /** Returns the tree with {@code name} added, or {@code root} itself if the name is present. */
    static Object add(Object root, String name) {
        if (root == null) {
            return new String[] {name};
        }
        Object added = insert(root, name);
        if (added instanceof Split split) {
            return new Branch(new Object[] {split.left, split.right}, new String[] {low(split.left), low(split.right)});
        }
        return added;
    }

    /** The node with {@code name} inserted: this node if present, a new node, or a {@link Split}. */
    private static Object insert(Object node, String name) {
        if (node instanceof String[] leaf) {
            int i = Arrays.binarySearch(leaf, name);
            if (i >= 0) {
                return leaf;
            }
            int at = -i - 1;
            String[] grown = new String[leaf.length + 1];
            System.arraycopy(leaf, 0, grown, 0, at);
            grown[at] = name;
            System.arraycopy(leaf, at, grown, at + 1, leaf.length - at);
            return grown.length <= MAX ? grown
                    : new Split(Arrays.copyOfRange(grown, 0, grown.length / 2), Arrays.copyOfRange(grown, grown.length / 2, grown.length));
        }
        Branch branch = (Branch) node;
        int k = kidFor(branch.lows, name);
        Object kid = branch.kids[k];
        Object changed = insert(kid, name);
        if (changed == kid) {
            return branch;
        }
        if (!(changed instanceof Split split)) {
            return withKid(branch, k, changed);
        }
        int n = branch.kids.length;
        Object[] kids = new Object[n + 1];
        String[] lows = new String[n + 1];
        System.arraycopy(branch.kids, 0, kids, 0, k);
        System.arraycopy(branch.lows, 0, lows, 0, k);
        kids[k] = split.left;
        lows[k] = low(split.left);
        kids[k + 1] = split.right;
        lows[k + 1] = low(split.right);
        System.arraycopy(branch.kids, k + 1, kids, k + 2, n - k - 1);
        System.arraycopy(branch.lows, k + 1, lows, k + 2, n - k - 1);
        if (kids.length <= MAX) {
            return new Branch(kids, lows);
        }
        int half = kids.length / 2;
        return new Split(new Branch(Arrays.copyOfRange(kids, 0, half), Arrays.copyOfRange(lows, 0, half)),
                new Branch(Arrays.copyOfRange(kids, half, kids.length), Arrays.copyOfRange(lows, half, lows.length)));
    }

    /** Returns the tree without {@code name} (null once empty), or {@code root} itself if it is absent. */
    static Object remove(Object root, String name) {
        if (root == null) {
            return null;
        }
        Object removed = delete(root, name);
        if (removed == root) {
            return root;
        }
        if (removed instanceof Branch branch && branch.kids.length == 1) {
            return branch.kids[0];
        }
        return removed instanceof String[] leaf && leaf.length == 0 ? null : removed;
    }

    /** The node without {@code name}, possibly one string or kid short of {@link #MIN}; itself if absent. */
    private static Object delete(Object node, String name) {
        if (node instanceof String[] leaf) {
            int at = Arrays.binarySearch(leaf, name);
            if (at < 0) {
                return leaf;
            }
            String[] shrunk = new String[leaf.length - 1];
            System.arraycopy(leaf, 0, shrunk, 0, at);
            System.arraycopy(leaf, at + 1, shrunk, at, shrunk.length - at);
            return shrunk;
        }
        Branch branch = (Branch) node;
        int k = kidFor(branch.lows, name);
        Object kid = branch.kids[k];
        Object changed = delete(kid, name);
        if (changed == kid) {
            return branch;
        }
        if (width(changed) >= MIN) {
            return withKid(branch, k, changed);
        }
        // The kid ran short: merge it with a neighbour, or share the pair's entries evenly between them.
        int left = k > 0 ? k - 1 : k;
        Object pair = k > 0 ? concat(branch.kids[left], changed) : concat(changed, branch.kids[k + 1]);
        int n = branch.kids.length;
        if (width(pair) <= MAX) {
            Object[] kids = new Object[n - 1];
            String[] lows = new String[n - 1];
            System.arraycopy(branch.kids, 0, kids, 0, left);
            System.arraycopy(branch.lows, 0, lows, 0, left);
            kids[left] = pair;
            lows[left] = low(pair);
            System.arraycopy(branch.kids, left + 2, kids, left + 1, n - left - 2);
            System.arraycopy(branch.lows, left + 2, lows, left + 1, n - left - 2);
            return new Branch(kids, lows);
        }
        Object[] kids = branch.kids.clone();
        String[] lows = branch.lows.clone();
        int half = width(pair) / 2;
        kids[left] = slice(pair, 0, half);
        kids[left + 1] = slice(pair, half, width(pair));
        lows[left] = low(kids[left]);
        lows[left + 1] = low(kids[left + 1]);
        return new Branch(kids, lows);
    }

    private static Branch withKid(Branch branch, int k, Object kid) {
        Object[] kids = branch.kids.clone();
        kids[k] = kid;
        String low = low(kid);
        if (low == branch.lows[k]) {
            return new Branch(kids, branch.lows);
        }
        String[] lows = branch.lows.clone();
        lows[k] = low;
        return new Branch(kids, lows);
    }

    /** The number of strings of a leaf or kids of a branch. */
    private static int width(Object node) {
        return node instanceof String[] leaf ? leaf.length : ((Branch) node).kids.length;
    }

    /** The first string under a non-empty node. */
    private static String low(Object node) {
        return node instanceof String[] leaf ? leaf[0] : ((Branch) node).lows[0];
    }

    /** Two adjacent nodes of one level as one (possibly too wide) node. */
    private static Object concat(Object a, Object b) {
        if (a instanceof String[] left) {
            String[] right = (String[]) b;
            String[] both = Arrays.copyOf(left, left.length + right.length);
            System.arraycopy(right, 0, both, left.length, right.length);
            return both;
        }
        Branch left = (Branch) a;
        Branch right = (Branch) b;
        Object[] kids = Arrays.copyOf(left.kids, left.kids.length + right.kids.length);
        System.arraycopy(right.kids, 0, kids, left.kids.length, right.kids.length);
        String[] lows = Arrays.copyOf(left.lows, left.lows.length + right.lows.length);
        System.arraycopy(right.lows, 0, lows, left.lows.length, right.lows.length);
        return new Branch(kids, lows);
    }

    private static Object slice(Object node, int from, int to) {
        if (node instanceof String[] leaf) {
            return Arrays.copyOfRange(leaf, from, to);
        }
        Branch branch = (Branch) node;
        return new Branch(Arrays.copyOfRange(branch.kids, from, to), Arrays.copyOfRange(branch.lows, from, to));
    }

    /**
     * Returns a tree of {@code names[from, to)}, which must be strictly ascending (the caller checks),
     * built level by level in O(n) with the nodes of each level as evenly filled as possible.
     */
    static Object ofSorted(String[] names, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return null;
        }
        int count = groups(n);
        Object[] level = new Object[count];
        for (int g = 0, at = from; g < count; g++) {
            int end = from + (int) ((long) n * (g + 1) / count);
            level[g] = Arrays.copyOfRange(names, at, end);
            at = end;
        }
        while (level.length > 1) {
            int parents = groups(level.length);
            Object[] up = new Object[parents];
            for (int g = 0, at = 0; g < parents; g++) {
                int end = (int) ((long) level.length * (g + 1) / parents);
                Object[] kids = Arrays.copyOfRange(level, at, end);
                String[] lows = new String[kids.length];
                for (int i = 0; i < kids.length; i++) {
                    lows[i] = low(kids[i]);
                }
                up[g] = new Branch(kids, lows);
                at = end;
            }
            level = up;
        }
        return level[0];
    }

    /** How many nodes hold {@code n} entries: ceil(n / MAX), each then holding MIN to MAX of them. */
    private static int groups(int n) {
        return (n + MAX - 1) / MAX;
    }

    /** Calls {@code action} on each string in ascending order. */
    static void forEach(Object node, Consumer<String> action) {
        if (node instanceof String[] leaf) {
            for (String name : leaf) {
                action.accept(name);
            }
        } else if (node != null) {
            for (Object kid : ((Branch) node).kids) {
                forEach(kid, action);
            }
        }
    }

    /** Writes the strings in ascending order into {@code into} from {@code at}; returns the next index. */
    static int copyInto(Object node, String[] into, int at) {
        if (node instanceof String[] leaf) {
            System.arraycopy(leaf, 0, into, at, leaf.length);
            return at + leaf.length;
        }
        if (node != null) {
            for (Object kid : ((Branch) node).kids) {
                at = copyInto(kid, into, at);
            }
        }
        return at;
    }

    /** The number of levels, 0 for the empty tree. */
    static int height(Object node) {
        int height = 0;
        for (; node instanceof Branch branch; node = branch.kids[0]) {
            height++;
        }
        return node == null ? height : height + 1;
    }

    /**
     * Returns an iterator over the strings in ascending order, holding one position per level (not a
     * copy of the strings).
     */
    static Iterator<String> iterator(Object root) {
        return new InOrder(root);
    }

    /**
     * Checks the invariants of the tree rooted at {@code root}, throwing IllegalStateException on the
     * first broken one; returns the number of strings.
     */
    static int verify(Object root) {
        if (root == null) {
            return 0;
        }
        if (root instanceof Branch branch) {
            check(branch.kids.length >= 2, "root branch with fewer than two kids");
        } else {
            check(((String[]) root).length >= 1, "empty root leaf");
        }
        return verify(root, true, null, null, height(root));
    }

    private static int verify(Object node, boolean root, String low, String high, int height) {
        int width = width(node);
        check(width <= MAX && (root || width >= MIN), "node of width " + width);
        if (node instanceof String[] leaf) {
            check(height == 1, "leaves at different depths");
            for (int i = 0; i < leaf.length; i++) {
                check(leaf[i] != null, "null name");
                check(i == 0 ? low == null || low.compareTo(leaf[0]) <= 0 : leaf[i - 1].compareTo(leaf[i]) < 0, "names out of order");
            }
            check(high == null || leaf[leaf.length - 1].compareTo(high) < 0, "name not below its upper bound");
            return leaf.length;
        }
        Branch branch = (Branch) node;
        check(branch.lows.length == branch.kids.length, "lows and kids differ in length");
        int count = 0;
        for (int i = 0; i < branch.kids.length; i++) {
            check(branch.lows[i] == low(branch.kids[i]), "stale low");
            String kidHigh = i + 1 < branch.kids.length ? branch.lows[i + 1] : high;
            count += verify(branch.kids[i], false, i == 0 ? low : branch.lows[i], kidHigh, height - 1);
        }
        return count;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("ChildSet invariant broken: " + message);
        }
    }

    /** An in-order walk: the path of branches to the current leaf, with the next kid of each. */
    private static final class InOrder implements Iterator<String> {
        private final Branch[] branches;
        private final int[] nextKid;
        private int depth;
        private String[] leaf;
        private int nextInLeaf;

        InOrder(Object root) {
            int height = Math.max(1, height(root));
            branches = new Branch[height];
            nextKid = new int[height];
            leaf = new String[0];
            if (root != null) {
                descend(root);
            }
        }

        private void descend(Object node) {
            while (node instanceof Branch branch) {
                branches[depth] = branch;
                nextKid[depth++] = 1;
                node = branch.kids[0];
            }
            leaf = (String[]) node;
            nextInLeaf = 0;
        }

        @Override
        public boolean hasNext() {
            if (nextInLeaf < leaf.length) {
                return true;
            }
            while (depth > 0 && nextKid[depth - 1] == branches[depth - 1].kids.length) {
                branches[--depth] = null;
            }
            if (depth == 0) {
                return false;
            }
            descend(branches[depth - 1].kids[nextKid[depth - 1]++]);
            return true;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return leaf[nextInLeaf++];
        }
    }
}
