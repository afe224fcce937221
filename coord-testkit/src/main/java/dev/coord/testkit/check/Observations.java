package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Observations is what one entry's definite result tells about the tree: nodes it showed (with their
 * zxids), paths it found absent, and paths the entry's own session created or deleted.
 */
final class Observations {
    final List<Sighting> present = new ArrayList<>();
    final List<String> absent = new ArrayList<>();
    /** Paths of persistent nodes the entry created. */
    final List<String> createdPersistent = new ArrayList<>();
    /** Paths of all nodes the entry created or deleted. */
    final List<String> createdOrDeleted = new ArrayList<>();

    private Observations() {
    }

    /**
     * What {@code e} observed. A getChildren that succeeded counts every path of {@code knownPaths} under
     * it that it does not list as absent. A failed write tells nothing: it may be answered without a
     * proposal (DESIGN.md, section 2), from a state the session's own server has not reached yet.
     */
    static Observations of(Entry e, Set<String> knownPaths) {
        Observations o = new Observations();
        Result r = e.result();
        Command c = e.command();
        if (r instanceof Result.Failed f) {
            if (f.code().equals(Outcome.NONODE) && !c.isWrite() && ZnodePath.of(c) != null) {
                o.absent.add(ZnodePath.of(c));
            }
            return o;
        }
        if (!(r instanceof Result.Ok ok)) {
            return o;
        }
        if (c instanceof Command.Multi m) {
            if (ok.value() instanceof List<?> subs && subs.size() == m.ops().size()) {
                for (int i = 0; i < subs.size(); i++) {
                    Command op = m.ops().get(i);
                    if (op instanceof Command.SetData && changedLaterInMulti(m, i)) {
                        // An intermediate version: the multi's later op on the same path (at the same
                        // zxid) replaces it before anyone can see it, so it is no sighting of the tree.
                        continue;
                    }
                    o.succeeded(e, op, subs.get(i) instanceof Result.Ok sub ? sub.value() : null, knownPaths);
                }
            }
        } else {
            o.succeeded(e, c, ok.value(), knownPaths);
        }
        return o;
    }

    private static boolean changedLaterInMulti(Command.Multi m, int index) {
        String path = ZnodePath.of(m.ops().get(index));
        for (Command later : m.ops().subList(index + 1, m.ops().size())) {
            if ((later instanceof Command.SetData || later instanceof Command.Delete) && path.equals(ZnodePath.of(later))) {
                return true;
            }
        }
        return false;
    }

        /** Every path {@code history} names (created paths included). */
    static Set<String> knownPaths(List<Entry> history) {
        Set<String> paths = new HashSet<>();
        for (Entry e : history) {
            List<Command> ops = HistoryFacts.ops(e.command());
            for (int i = 0; i < ops.size(); i++) {
                String path = ZnodePath.of(ops.get(i));
                String created = HistoryFacts.createdPath(e, i);
                if (path != null && !(ops.get(i) instanceof Command.Create c && c.sequential())) {
                    paths.add(path);
                }
                if (created != null) {
                    paths.add(created);
                }
            }
        }
        return paths;
    }

    private void succeeded(Entry e, Command op, Object value, Set<String> knownPaths) {
        if (op instanceof Command.GetData g && value instanceof Result.Node n) {
            present.add(new Sighting(g.path(), n.czxid(), n.mzxid(), n.version(), n.data(), e));
        } else if (op instanceof Command.Exists x) {
            if (value instanceof Result.Node n) {
                present.add(new Sighting(x.path(), n.czxid(), n.mzxid(), n.version(), null, e));
            } else if (value == null) {
                absent.add(x.path());
            }
        } else if (op instanceof Command.SetData s && value instanceof Result.Version v) {
            present.add(new Sighting(s.path(), v.czxid(), v.mzxid(), v.version(), s.data(), e));
        } else if (op instanceof Command.GetChildren g && value instanceof List<?> names) {
            for (String path : knownPaths) {
                if (g.path().equals(ZnodePath.parent(path)) && !names.contains(ZnodePath.name(path))) {
                    absent.add(path);
                }
            }
        } else if (op instanceof Command.Create c && value instanceof String path) {
            createdOrDeleted.add(path);
            if (!c.ephemeral()) {
                createdPersistent.add(path);
            }
        } else if (op instanceof Command.Delete d) {
            createdOrDeleted.add(d.path());
        }
    }
}
