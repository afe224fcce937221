package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * ReferenceTree is a plain, mutable ZooKeeper tree for generating histories: it executes commands one
 * after another and answers with the result a correct server gives, assigning zxids (with gaps) to
 * successful writes. Written independently of the checker's model, so the two check each other.
 */
final class ReferenceTree {
    /** RefNode is one node; replaced, never changed. */
    record RefNode(String data, int version, int cversion, long owner, long czxid, long mzxid) {
    }

    private SortedMap<String, RefNode> nodes = new TreeMap<>();
    private long zxid;
    private long txnZxid;

    ReferenceTree(InitialTree initial, long firstZxid) {
        initial.nodes().forEach((path, n) -> nodes.put(path, new RefNode(n.data(), n.version(), n.cversion(), n.ephemeralOwner(), 0, 0)));
        zxid = firstZxid;
    }

    /** A copy of the current nodes. */
    SortedMap<String, RefNode> snapshot() {
        return new TreeMap<>(nodes);
    }

    /** Executes {@code command} for {@code session}; {@code gap} extra zxids are skipped before a write's own. */
    Result execute(Command command, long session, int gap) {
        if (!command.isWrite()) {
            return read(command, nodes);
        }
        SortedMap<String, RefNode> before = new TreeMap<>(nodes);
        txnZxid = zxid + 1 + gap;
        try {
            Object value = write(command, session);
            zxid = txnZxid;
            return new Result.Ok(value);
        } catch (Failure f) {
            nodes = before;
            return new Result.Failed(f.code);
        }
    }

    /** What a read gives in the tree {@code nodes} (which may be a snapshot of an earlier state). */
    static Result read(Command command, SortedMap<String, RefNode> nodes) {
        if (command instanceof Command.GetData g) {
            RefNode n = nodes.get(g.path());
            return n == null ? new Result.Failed("NONODE") : new Result.Ok(new Result.Node(n.data(), n.version(), n.czxid(), n.mzxid()));
        }
        if (command instanceof Command.Exists x) {
            RefNode n = nodes.get(x.path());
            return new Result.Ok(n == null ? null : new Result.Node(null, n.version(), n.czxid(), n.mzxid()));
        }
        Command.GetChildren g = (Command.GetChildren) command;
        if (!nodes.containsKey(g.path())) {
            return new Result.Failed("NONODE");
        }
        List<String> names = new ArrayList<>();
        for (String p : nodes.keySet()) {
            if (!p.equals("/") && g.path().equals(parent(p))) {
                names.add(p.substring(p.lastIndexOf('/') + 1));
            }
        }
        return new Result.Ok(names);
    }

    private Object write(Command command, long session) {
        if (command instanceof Command.Multi m) {
            List<Result> results = new ArrayList<>();
            for (Command op : m.ops()) {
                results.add(new Result.Ok(write(op, session)));
            }
            return results;
        }
        if (command instanceof Command.Create c) {
            String parentPath = parent(c.path());
            RefNode parent = nodes.get(parentPath);
            if (parent == null) {
                throw new Failure("NONODE");
            }
            String path = c.sequential() ? c.path() + String.format("%010d", parent.cversion()) : c.path();
            if (nodes.containsKey(path)) {
                throw new Failure("NODEEXISTS");
            }
            if (parent.owner() != 0) {
                throw new Failure("NOCHILDRENFOREPHEMERALS");
            }
            nodes.put(path, new RefNode(c.data(), 0, 0, c.ephemeral() ? session : 0, txnZxid, txnZxid));
            bumpCversion(parentPath);
            return path;
        }
        if (command instanceof Command.Delete d) {
            existing(d.path(), d.version());
            if (nodes.keySet().stream().anyMatch(p -> d.path().equals(parentOrNull(p)))) {
                throw new Failure("NOTEMPTY");
            }
            nodes.remove(d.path());
            bumpCversion(parentOrNull(d.path()));
            return null;
        }
        if (command instanceof Command.SetData s) {
            RefNode n = existing(s.path(), s.version());
            RefNode updated = new RefNode(s.data(), n.version() + 1, n.cversion(), n.owner(), n.czxid(), txnZxid);
            nodes.put(s.path(), updated);
            return new Result.Version(updated.version(), updated.czxid(), updated.mzxid());
        }
        if (command instanceof Command.Check c) {
            existing(c.path(), c.version());
            return null;
        }
        if (command instanceof Command.CloseSession) {
            List<String> owned = new ArrayList<>();
            for (Map.Entry<String, RefNode> e : nodes.entrySet()) {
                if (e.getValue().owner() == session) {
                    owned.add(e.getKey());
                }
            }
            for (String p : owned) {
                nodes.remove(p);
                bumpCversion(parentOrNull(p));
            }
            return null;
        }
        throw new IllegalArgumentException("not a write: " + command);
    }

    private RefNode existing(String path, int version) {
        RefNode n = nodes.get(path);
        if (n == null) {
            throw new Failure("NONODE");
        }
        if (version != -1 && version != n.version()) {
            throw new Failure("BADVERSION");
        }
        return n;
    }

    private void bumpCversion(String path) {
        RefNode p = nodes.get(path);
        nodes.put(path, new RefNode(p.data(), p.version(), p.cversion() + 1, p.owner(), p.czxid(), p.mzxid()));
    }

    /** The parent of a path, or of the nodes a sequential prefix names. */
    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    private static String parentOrNull(String path) {
        return path.equals("/") ? null : parent(path);
    }

    /** Failure is a ZooKeeper error code thrown out of a write, which the tree then undoes. */
    private static final class Failure extends RuntimeException {
        final String code;

        Failure(String code) {
            super(code, null, false, false);
            this.code = code;
        }
    }
}
