package dev.coord.examples.shell;

import dev.coord.CoordClient;
import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.Stat;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * NodeWrites are the commands that change the tree: {@code create}, {@code set}, {@code delete},
 * {@code deleteall}. Each write goes through the shell's observer to the leader and returns once it
 * is committed and applied locally. Stateless.
 */
final class NodeWrites {
    /** How often deleteall lists a node again when children keep appearing under it. */
    private static final int DELETE_ALL_ATTEMPTS = 5;
    private static final int ANY_VERSION = -1;

    private NodeWrites() {
    }

    /** {@code create [-e] [-s] [-c] [-t ttl] path [data]}: prints the created path. */
    static void create(Arguments args, ShellContext c) {
        CreateMode mode = mode(args);
        long ttlMs = args.longFlag("-t", 0);
        if (args.has("-t") && ttlMs <= 0) {
            throw args.usageError("-t needs a TTL in milliseconds greater than 0, got " + ttlMs);
        }
        String created = c.client().create(args.path(), data(args, 1), mode, ttlMs);
        c.out().line("Created " + created);
    }

    /** {@code set [-s] [-v version] path data}: silent, or the new stat with -s. */
    static void set(Arguments args, ShellContext c) {
        Stat stat = c.client().setData(args.path(), data(args, 1), args.intFlag("-v", ANY_VERSION));
        if (args.has("-s")) {
            OutputFormat.stat(stat).forEach(c.out()::line);
        }
    }

    /** {@code delete [-v version] path}: deletes a node without children. */
    static void delete(Arguments args, ShellContext c) {
        c.client().delete(args.path(), args.intFlag("-v", ANY_VERSION));
    }

    /** {@code deleteall path}: deletes a node and its whole subtree, children first. */
    static void deleteAll(Arguments args, ShellContext c) {
        deleteTree(c.client(), args.path(), true);
    }

    /**
     * Deletes {@code path} after its descendants. Not atomic: another client may add children meanwhile,
     * so a node that turns out not to be empty is listed again, a few times. A descendant deleted by
     * someone else is fine; the top node missing is an error.
     */
    private static void deleteTree(CoordClient client, String path, boolean top) {
        for (int attempt = 1; ; attempt++) {
            List<String> children;
            try {
                children = client.getChildren(path);
            } catch (CoordException.NoNodeException e) {
                if (top) {
                    throw e;
                }
                return;
            }
            for (String child : children) {
                deleteTree(client, NodeReads.childPath(path, child), false);
            }
            try {
                client.delete(path, ANY_VERSION);
                return;
            } catch (CoordException.NoNodeException e) {
                return;
            } catch (CoordException.NotEmptyException e) {
                if (attempt == DELETE_ALL_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The create mode the flags ask for. */
    private static CreateMode mode(Arguments args) {
        args.exclusive("-c", "-e");
        args.exclusive("-c", "-s");
        args.exclusive("-c", "-t");
        args.exclusive("-e", "-t");
        boolean sequential = args.has("-s");
        if (args.has("-c")) {
            return CreateMode.CONTAINER;
        }
        if (args.has("-t")) {
            return sequential ? CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL : CreateMode.PERSISTENT_WITH_TTL;
        }
        if (args.has("-e")) {
            return sequential ? CreateMode.EPHEMERAL_SEQUENTIAL : CreateMode.EPHEMERAL;
        }
        return sequential ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.PERSISTENT;
    }

    /** Operand {@code index} as UTF-8 bytes, or no bytes when it is absent. */
    private static byte[] data(Arguments args, int index) {
        return args.operand(index).orElse("").getBytes(StandardCharsets.UTF_8);
    }
}
