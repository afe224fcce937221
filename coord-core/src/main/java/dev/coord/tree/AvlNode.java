package dev.coord.tree;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * An immutable node of the AVL tree behind {@link ChildSet}, with static operations that copy the path
 * they change and share every untouched subtree.
 *
 * <p>A null node is the empty tree. Updates change a subtree's height by at most one, so rebalancing
 * with one single or double rotation per level on the way back up keeps the AVL invariant.
 */
final class AvlNode {

    /** Invariant: greater than every name in {@link #left} and less than every name in {@link #right}. */
    final String name;

    final AvlNode left;

    final AvlNode right;

    /**
     * Invariant: {@code height == 1 + max(height(left), height(right))} and
     * {@code |height(left) - height(right)| <= 1}.
     */
    final int height;

    private AvlNode(String name, AvlNode left, AvlNode right) {
        this.name = name;
        this.left = left;
        this.right = right;
        this.height = 1 + Math.max(height(left), height(right));
    }

    static int height(AvlNode node) {
        return node == null ? 0 : node.height;
    }

    static boolean contains(AvlNode node, String name) {
        while (node != null) {
            int cmp = name.compareTo(node.name);
            if (cmp == 0) {
                return true;
            }
            node = cmp < 0 ? node.left : node.right;
        }
        return false;
    }

    /**
     * Returns a balanced tree of {@code names[from, to)}, which must be strictly ascending (the caller
     * checks), built in one pass: each node's subtrees hold halves differing in size by at most one.
     */
    static AvlNode ofSorted(String[] names, int from, int to) {
        if (from >= to) {
            return null;
        }
        int mid = (from + to) >>> 1;
        return new AvlNode(names[mid], ofSorted(names, from, mid), ofSorted(names, mid + 1, to));
    }

    /** Returns the tree with {@code name} added, or {@code node} itself if the name is present. */
    static AvlNode add(AvlNode node, String name) {
        if (node == null) {
            return new AvlNode(name, null, null);
        }
        int cmp = name.compareTo(node.name);
        if (cmp < 0) {
            AvlNode newLeft = add(node.left, name);
            return newLeft == node.left ? node : balance(node.name, newLeft, node.right);
        }
        if (cmp > 0) {
            AvlNode newRight = add(node.right, name);
            return newRight == node.right ? node : balance(node.name, node.left, newRight);
        }
        return node;
    }

    /** Returns the tree with {@code name} removed, or {@code node} itself if the name is absent. */
    static AvlNode remove(AvlNode node, String name) {
        if (node == null) {
            return null;
        }
        int cmp = name.compareTo(node.name);
        if (cmp < 0) {
            AvlNode newLeft = remove(node.left, name);
            return newLeft == node.left ? node : balance(node.name, newLeft, node.right);
        }
        if (cmp > 0) {
            AvlNode newRight = remove(node.right, name);
            return newRight == node.right ? node : balance(node.name, node.left, newRight);
        }
        if (node.left == null) {
            return node.right;
        }
        if (node.right == null) {
            return node.left;
        }
        AvlNode successor = node.right;
        while (successor.left != null) {
            successor = successor.left;
        }
        return balance(successor.name, node.left, removeFirst(node.right));
    }

    private static AvlNode removeFirst(AvlNode node) {
        if (node.left == null) {
            return node.right;
        }
        return balance(node.name, removeFirst(node.left), node.right);
    }

    /**
     * Returns a node for {@code name} over subtrees that are each valid AVL trees whose heights differ by
     * at most two, rotating once or twice so that the result is balanced.
     */
    private static AvlNode balance(String name, AvlNode left, AvlNode right) {
        int leftHeight = height(left);
        int rightHeight = height(right);
        if (leftHeight > rightHeight + 1) {
            if (height(left.left) >= height(left.right)) {
                return new AvlNode(left.name, left.left, new AvlNode(name, left.right, right));
            }
            AvlNode pivot = left.right;
            return new AvlNode(pivot.name,
                    new AvlNode(left.name, left.left, pivot.left),
                    new AvlNode(name, pivot.right, right));
        }
        if (rightHeight > leftHeight + 1) {
            if (height(right.right) >= height(right.left)) {
                return new AvlNode(right.name, new AvlNode(name, left, right.left), right.right);
            }
            AvlNode pivot = right.left;
            return new AvlNode(pivot.name,
                    new AvlNode(name, left, pivot.left),
                    new AvlNode(right.name, pivot.right, right.right));
        }
        return new AvlNode(name, left, right);
    }

    /** Calls {@code action} on each name in ascending order. */
    static void forEach(AvlNode node, Consumer<String> action) {
        while (node != null) {
            forEach(node.left, action);
            action.accept(node.name);
            node = node.right;
        }
    }

    /**
     * Returns an iterator over the names of the tree in ascending order, holding only the path from the
     * root to the next name (at most {@link #height} nodes), not a copy of the names.
     */
    static Iterator<String> iterator(AvlNode root) {
        return new InOrder(root);
    }

    /** Writes the names in ascending order into {@code into} from {@code at}; returns the next index. */
    static int copyInto(AvlNode node, String[] into, int at) {
        while (node != null) {
            at = copyInto(node.left, into, at);
            into[at++] = node.name;
            node = node.right;
        }
        return at;
    }

    /**
     * Checks the AVL and ordering invariants of the subtree, whose names must lie strictly between
     * {@code low} and {@code high} (null for unbounded); returns the number of names.
     */
    static int verify(AvlNode node, String low, String high) {
        if (node == null) {
            return 0;
        }
        check(node.name != null, "null name");
        check(low == null || low.compareTo(node.name) < 0, "name not above its lower bound");
        check(high == null || node.name.compareTo(high) < 0, "name not below its upper bound");
        check(node.height == 1 + Math.max(height(node.left), height(node.right)), "stale height");
        check(Math.abs(height(node.left) - height(node.right)) <= 1, "unbalanced");
        return 1 + verify(node.left, low, node.name) + verify(node.right, node.name, high);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("ChildSet invariant broken: " + message);
        }
    }

    /** An in-order walk with an explicit stack of the nodes whose left subtrees are being visited. */
    private static final class InOrder implements Iterator<String> {
        private AvlNode[] stack;
        private int depth;

        InOrder(AvlNode root) {
            stack = new AvlNode[Math.max(1, height(root))];
            pushLeftSpine(root);
        }

        private void pushLeftSpine(AvlNode node) {
            for (; node != null; node = node.left) {
                stack[depth++] = node;
            }
        }

        @Override
        public boolean hasNext() {
            return depth > 0;
        }

        @Override
        public String next() {
            if (depth == 0) {
                throw new NoSuchElementException();
            }
            AvlNode node = stack[--depth];
            stack[depth] = null;
            pushLeftSpine(node.right);
            return node.name;
        }
    }
}
