package dev.coord.examples;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HistoryInvariants checks what a history of persistent creates, sets, deletes and reads must satisfy
 * whatever the order of its operations, with the zxids and versions the peers returned:
 *
 * <ul>
 * <li>two acknowledged writes never got the same zxid, and two acknowledged sets of one node (one
 *     creation, so one czxid) never got the same version;
 * <li>a read that saw a node at the version an acknowledged set created saw that set's data and zxid;
 * <li>a read never saw data that no write to that path carried;
 * <li>the final state (one node or none per path, as every peer reports it at the end) keeps every
 *     acknowledged set of the node's creation: its version is at least theirs.
 * </ul>
 *
 * <p>It is a quick first look that names the entries involved; the linearizability checker judges the
 * order itself.
 */
final class HistoryInvariants {
    /** WriteKey is a node's creation and version: what a set produced. */
    private record WriteKey(String path, long czxid, int version) {
    }

    private HistoryInvariants() {
    }

    /**
     * The broken invariants, one line each (empty if none); {@code finalNodes} maps each path to its
     * final node, or to null if it does not exist at the end.
     */
    static List<String> violations(List<Entry> history, Map<String, Result.Node> finalNodes) {
        List<String> violations = new ArrayList<>();
        Map<WriteKey, Entry> sets = new HashMap<>();
        Map<Long, Entry> writesByZxid = new HashMap<>();
        Map<String, Set<String>> dataWritten = new HashMap<>();
        for (Entry e : history) {
            if (e.command() instanceof Command.SetData s) {
                dataWritten.computeIfAbsent(s.path(), p -> new HashSet<>()).add(s.data());
                if (e.result() instanceof Result.Ok ok && ok.value() instanceof Result.Version v) {
                    Entry before = sets.put(new WriteKey(s.path(), v.czxid(), v.version()), e);
                    if (before != null) {
                        violations.add("two acknowledged sets made version " + v.version() + " of " + s.path() + ": "
                                + before + " and " + e);
                    }
                    Entry sameZxid = writesByZxid.put(v.mzxid(), e);
                    if (sameZxid != null) {
                        violations.add("two acknowledged writes got zxid 0x" + Long.toHexString(v.mzxid()) + ": "
                                + sameZxid + " and " + e);
                    }
                }
            } else if (e.command() instanceof Command.Create c) {
                dataWritten.computeIfAbsent(c.path(), p -> new HashSet<>()).add(c.data());
            }
        }
        for (Entry e : history) {
            if (e.command() instanceof Command.GetData g && e.result() instanceof Result.Ok ok
                    && ok.value() instanceof Result.Node n) {
                checkRead(g.path(), n, e.toString(), sets, dataWritten, violations);
            }
        }
        finalNodes.forEach((path, node) -> {
            if (node != null) {
                checkRead(path, node, "the final state of " + path, sets, dataWritten, violations);
                sets.forEach((key, set) -> {
                    if (key.path().equals(path) && key.czxid() == node.czxid() && key.version() > node.version()) {
                        violations.add("the final state " + node + " of " + path + " lost the acknowledged " + set);
                    }
                });
            }
        });
        return violations;
    }

    private static void checkRead(String path, Result.Node node, String what, Map<WriteKey, Entry> sets,
            Map<String, Set<String>> dataWritten, List<String> violations) {
        Entry set = sets.get(new WriteKey(path, node.czxid(), node.version()));
        if (set != null) {
            Command.SetData s = (Command.SetData) set.command();
            long mzxid = ((Result.Version) ((Result.Ok) set.result()).value()).mzxid();
            if (!s.data().equals(node.data()) || mzxid != node.mzxid()) {
                violations.add(what + " saw " + node + " at the version made by " + set);
            }
        }
        if (!dataWritten.getOrDefault(path, Set.of()).contains(node.data())) {
            violations.add(what + " saw data no write to " + path + " carried: " + node);
        }
    }
}
