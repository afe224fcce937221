package dev.coord.tree;

import dev.coord.CoordException;

/**
 * PathRules checks znode paths against ZooKeeper's syntax and splits them.
 *
 * <p>A valid path is absolute, '/'-separated, has no empty, "." or ".." segment, no trailing '/'
 * (except the root "/" itself), and no control or otherwise unprintable characters
 * (U+0000-U+001F, U+007F-U+009F, U+D800-U+F8FF, U+FFF0-U+FFFF, as ZooKeeper rejects).
 */
public final class PathRules {
    /** The root path. */
    public static final String ROOT = "/";

    private PathRules() {
    }

    /**
     * Throws {@link CoordException.BadArgumentsException} naming the path and the rule broken, unless
     * {@code path} is valid.
     */
    public static void validate(String path) {
        String rule = brokenRule(path);
        if (rule != null) {
            throw new CoordException.BadArgumentsException(path, "invalid path '" + printable(path) + "': " + rule);
        }
    }

    /**
     * Validates the path a sequential create will produce: {@code prefix} followed by a ten-digit
     * counter, so a trailing '/' in the prefix is allowed.
     */
    public static void validateSequentialPrefix(String prefix) {
        if (prefix == null) {
            validate(null);
        }
        String rule = brokenRule(prefix + "0000000000");
        if (rule != null) {
            throw new CoordException.BadArgumentsException(prefix, "invalid sequential path prefix '" + printable(prefix) + "': " + rule);
        }
    }

    /** Returns the rule that {@code path} breaks, or null when it is valid. */
    static String brokenRule(String path) {
        if (path == null) {
            return "the path is null";
        }
        if (path.isEmpty()) {
            return "the path is empty";
        }
        if (path.charAt(0) != '/') {
            return "a path must start with '/'";
        }
        if (path.length() == 1) {
            return null;
        }
        if (path.charAt(path.length() - 1) == '/') {
            return "a path must not end with '/'";
        }
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                String rule = segmentRule(path, segmentStart, i);
                if (rule != null) {
                    return rule;
                }
                segmentStart = i + 1;
                continue;
            }
            char c = path.charAt(i);
            if (isForbidden(c)) {
                return String.format("character U+%04X at index %d is not allowed", (int) c, i);
            }
        }
        return null;
    }

    private static String segmentRule(String path, int start, int end) {
        int length = end - start;
        if (length == 0) {
            return "empty segment (\"//\") at index " + start;
        }
        if (length == 1 && path.charAt(start) == '.') {
            return "relative segment \".\" at index " + start;
        }
        if (length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
            return "relative segment \"..\" at index " + start;
        }
        return null;
    }

    private static boolean isForbidden(char c) {
        return c <= '\u001f'
                || (c >= '\u007f' && c <= '\u009f')
                || (c >= '\ud800' && c <= '\uf8ff')
                || (c >= '\ufff0' && c <= '\uffff');
    }

    /** The parent of a valid non-root path ("/" for top-level nodes). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? ROOT : path.substring(0, slash);
    }

    /** The last segment of a valid non-root path. */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The path of child {@code name} under {@code parent}. */
    public static String child(String parent, String name) {
        return parent.length() == 1 ? "/" + name : parent + "/" + name;
    }

    private static String printable(String path) {
        if (path == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (isForbidden(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
