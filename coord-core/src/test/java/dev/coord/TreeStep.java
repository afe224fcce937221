package dev.coord;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * TreeStep is one operation of a random run of {@link TreeModelProperties}: what a client does, printed
 * so that a failure can be read and replayed. {@code client} 0 is the Coordinator's default session,
 * client i &gt; 0 the i-th session the run opened.
 */
sealed interface TreeStep {
    record Create(int client, String path, byte[] data, CreateMode mode, long ttlMs) implements TreeStep {
        @Override
        public String toString() {
            return "c" + client + ".create(" + quote(path) + ", " + hex(data) + ", " + mode
                    + (ttlMs != 0 ? ", ttlMs=" + ttlMs : "") + ")";
        }
    }

    record Delete(int client, String path, int version) implements TreeStep {
        @Override
        public String toString() {
            return "c" + client + ".delete(" + quote(path) + ", " + version + ")";
        }
    }

    record SetData(int client, String path, byte[] data, int version) implements TreeStep {
        @Override
        public String toString() {
            return "c" + client + ".setData(" + quote(path) + ", " + hex(data) + ", " + version + ")";
        }
    }

    record Multi(int client, List<Op> ops) implements TreeStep {
        @Override
        public String toString() {
            return "c" + client + ".multi(" + describe(ops) + ")";
        }
    }

    record Exists(int client, String path, String watcher) implements TreeStep {
        @Override
        public String toString() {
            return "c" + client + ".exists(" + quote(path) + (watcher != null ? ", watcher " + watcher : "") + ")";
        }
    }

    record GetData(int client, String path, String watcher) implements TreeStep {
        @Override
        public String toString() {
            return "c" + client + ".getData(" + quote(path) + (watcher != null ? ", watcher " + watcher : "") + ")";
        }
    }

    record GetChildren(int client, String path, String watcher) implements TreeStep {
        @Override
        public String toString() {
            return "c" + client + ".getChildren(" + quote(path) + (watcher != null ? ", watcher " + watcher : "") + ")";
        }
    }

    record OpenSession() implements TreeStep {
        @Override
        public String toString() {
            return "openSession()";
        }
    }

    record CloseSession(int client) implements TreeStep {
        @Override
        public String toString() {
            return "c" + client + ".close()";
        }
    }

    /** The ops of a multi, readable: data in hex, paths quoted with control characters escaped. */
    static String describe(List<Op> ops) {
        if (ops == null) {
            return "null";
        }
        return ops.stream().map(TreeStep::describe).collect(Collectors.joining(", ", "[", "]"));
    }

    static String describe(Op op) {
        if (op instanceof Op.Create c) {
            return "create(" + quote(c.path()) + ", " + hex(c.data()) + ", " + c.mode()
                    + (c.ttlMs() != 0 ? ", ttlMs=" + c.ttlMs() : "") + ")";
        }
        if (op instanceof Op.Delete d) {
            return "delete(" + quote(d.path()) + ", " + d.version() + ")";
        }
        if (op instanceof Op.SetData s) {
            return "setData(" + quote(s.path()) + ", " + hex(s.data()) + ", " + s.version() + ")";
        }
        if (op instanceof Op.Check c) {
            return "check(" + quote(c.path()) + ", " + c.version() + ")";
        }
        return String.valueOf(op);
    }

    static String hex(byte[] data) {
        if (data == null) {
            return "null";
        }
        return data.length > 16 ? data.length + " bytes" : "0x" + HexFormat.of().formatHex(data);
    }

    static String quote(String path) {
        if (path == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : path.toCharArray()) {
            sb.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append('"').toString();
    }
}
