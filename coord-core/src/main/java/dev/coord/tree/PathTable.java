package dev.coord.tree;

import java.util.Arrays;

/**
 * PathTable numbers distinct paths 0, 1, 2... in the order they are added and finds a path's number,
 * also for a prefix of a longer string without cutting it out (to find a node's parent while a
 * snapshot is read). An open-addressing table of ints: no per-path entry objects or boxed numbers.
 */
final class PathTable {
    private static final int EMPTY = -1;

    private String[] paths;
    private int[] slots;
    private int size;

    /** A table expecting about {@code expected} paths (a hint: it grows as needed). */
    PathTable(int expected) {
        int capacity = Math.max(16, Math.min(expected, 1 << 20));
        paths = new String[capacity];
        slots = new int[Integer.highestOneBit(capacity * 2 - 1) * 2];
        Arrays.fill(slots, EMPTY);
    }

    /** The number of paths added. */
    int size() {
        return size;
    }

    /** The path numbered {@code number}. */
    String path(int number) {
        return paths[number];
    }

    /** The paths in number order, in an array that may be longer than {@link #size()}; not a copy. */
    String[] pathArray() {
        return paths;
    }

    /** Adds {@code path} and returns its number, or returns -1 (adding nothing) if it is present. */
    int add(String path) {
        if (find(path, path.length()) >= 0) {
            return -1;
        }
        if (size == paths.length) {
            paths = Arrays.copyOf(paths, size * 2);
        }
        if (2 * (size + 1) > slots.length) {
            rehash(slots.length * 2);
        }
        paths[size] = path;
        insert(path.hashCode(), size);
        return size++;
    }

    /** The number of the path equal to {@code text}'s first {@code length} chars, or -1. */
    int find(String text, int length) {
        int hash = length == text.length() ? text.hashCode() : hashOfPrefix(text, length);
        int mask = slots.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            int number = slots[i];
            if (number == EMPTY) {
                return -1;
            }
            String candidate = paths[number];
            if (candidate.length() == length && candidate.regionMatches(0, text, 0, length)) {
                return number;
            }
        }
    }

    /** {@link String#hashCode()} of the prefix, as its specification defines it. */
    private static int hashOfPrefix(String text, int length) {
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + text.charAt(i);
        }
        return h;
    }

    private static int spread(int h) {
        return HamtNode.spread(h);
    }

    private void insert(int hash, int number) {
        int mask = slots.length - 1;
        int i = spread(hash) & mask;
        while (slots[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        slots[i] = number;
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        Arrays.fill(slots, EMPTY);
        for (int n = 0; n < size; n++) {
            insert(paths[n].hashCode(), n);
        }
    }
}
