package dev.coord.examples.shell;

import dev.coord.CoordException;
import dev.coord.NodeData;
import dev.coord.Stat;
import dev.coord.Watcher;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * NodeReads are the commands that read the tree and the peer: {@code ls}, {@code get}, {@code stat},
 * {@code sync}, {@code status}. Reads are served by the shell's own observer peer; {@code sync} first
 * makes them reflect every write committed before it. Stateless.
 */
final class NodeReads {
    private NodeReads() {
    }

    /** {@code ls [-s] [-R] [-w] path}: the children, or with -R every path of the subtree. */
    static void ls(Arguments args, ShellContext c) {
        args.exclusive("-R", "-w");
        args.exclusive("-R", "-s");
        if (args.has("-R")) {
            listRecursively(c, args.path(), true);
            return;
        }
        List<String> children = c.client().getChildren(args.path(), watcherIf(args, c));
        c.out().line(OutputFormat.children(children));
        if (args.has("-s")) {
            printStat(c, c.client().exists(args.path()), args.path());
        }
    }

    /** {@code get [-s] [-w] path}: the data as UTF-8 text, then the stat with -s. */
    static void get(Arguments args, ShellContext c) {
        NodeData node = c.client().getData(args.path(), watcherIf(args, c));
        c.out().line(new String(node.data(), StandardCharsets.UTF_8));
        if (args.has("-s")) {
            printStat(c, node.stat(), args.path());
        }
    }

    /** {@code stat [-w] path}: the stat; with -w a watch for the node's next change, creation or deletion. */
    static void stat(Arguments args, ShellContext c) {
        Stat stat = c.client().exists(args.path(), watcherIf(args, c));
        if (stat == null) {
            throw new CoordException.NoNodeException(args.path(), args.path() + " does not exist"
                    + (args.has("-w") ? " (the watch was left: it fires when the node is created)" : ""));
        }
        printStat(c, stat, args.path());
    }

    /** {@code sync path}: waits until the observer has applied every write committed before. */
    static void sync(Arguments args, ShellContext c) {
        c.client().sync(args.path());
        c.out().line("synced " + args.path());
    }

    /** {@code status}: the observer's view of the ensemble. */
    static void status(Arguments args, ShellContext c) {
        OutputFormat.status(c.status().get()).forEach(c.out()::line);
    }

    /** Prints {@code path} and, depth first in name order, every path below it; a node gone meanwhile is skipped. */
    private static void listRecursively(ShellContext c, String path, boolean top) {
        List<String> children;
        try {
            children = c.client().getChildren(path);
        } catch (CoordException.NoNodeException e) {
            if (top) {
                throw e;
            }
            return;
        }
        c.out().line(path);
        for (String child : children) {
            listRecursively(c, childPath(path, child), false);
        }
    }

    private static void printStat(ShellContext c, Stat stat, String path) {
        if (stat == null) {
            throw new CoordException.NoNodeException(path, path + " was deleted meanwhile");
        }
        OutputFormat.stat(stat).forEach(c.out()::line);
    }

    private static Watcher watcherIf(Arguments args, ShellContext c) {
        return args.has("-w") ? c.watcher() : null;
    }

    /** The path of {@code child} under {@code parent}. */
    static String childPath(String parent, String child) {
        return parent.equals("/") ? "/" + child : parent + "/" + child;
    }
}
