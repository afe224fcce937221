package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;

/** ZnodePath names the parent and the last segment of a znode path such as {@code /a/b}. */
final class ZnodePath {
    static final String ROOT = "/";

    private ZnodePath() {
    }

    /** The parent of {@code path}, or null for the root. */
    static String parent(String path) {
        if (path.equals(ROOT)) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? ROOT : path.substring(0, slash);
    }

    /** The last segment of {@code path} (a child's name in its parent's child list). */
    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The path of a sequential node created under {@code prefix} when the parent's cversion is {@code cversion}. */
    static String sequential(String prefix, int cversion) {
        if (cversion < 0) {
            return prefix + String.format("%010d", cversion);
        }
        String digits = Integer.toString(cversion);
        return prefix + "0".repeat(Math.max(0, 10 - digits.length())) + digits;
    }

    /** The path a single command names (a sequential create's prefix), or null for a multi or a CloseSession. */
    static String of(Command op) {
        if (op instanceof Command.Create c) {
            return c.path();
        }
        if (op instanceof Command.Delete d) {
            return d.path();
        }
        if (op instanceof Command.SetData s) {
            return s.path();
        }
        if (op instanceof Command.Check c) {
            return c.path();
        }
        if (op instanceof Command.GetData g) {
            return g.path();
        }
        if (op instanceof Command.Exists x) {
            return x.path();
        }
        if (op instanceof Command.GetChildren g) {
            return g.path();
        }
        return null;
    }

    /** True for {@code /} and for {@code /a/b}-style paths: absolute, no empty segment, no trailing slash. */
    static boolean isValid(String path) {
        if (path == null || !path.startsWith(ROOT)) {
            return false;
        }
        return path.equals(ROOT) || (!path.endsWith("/") && !path.contains("//"));
    }
}
