package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * TreeModel is ZooKeeper's znode tree as a {@link Model} of {@link Entry} values: it accepts an entry
 * in a state if the entry's recorded result is what the command gives there, and rejects it otherwise.
 *
 * <p>zxids cannot be predicted, only checked for consistency (see {@link ZNode#observe} and
 * {@link Stamp}); in addition a write whose result reveals its zxid (a setData, a multi with a setData)
 * must have a zxid above every zxid known so far, because zxids grow in the order writes take effect.
 * All setData results of one multi share its zxid, which is also the czxid of the nodes it creates.
 *
 * <p>An entry with an {@link Result.Unknown} result is applied with whatever outcome the command has
 * in the state (its effect, or nothing if it fails); "it never took effect" is left to the search. A
 * failure with a code the model does not decide (such as SESSIONEXPIRED) changed nothing, by the
 * contract of {@link Result.Failed}, and is accepted in any state.
 *
 * <p>For the search's sake, and without changing what it accepts: it keeps the sequential children no
 * entry names anonymous ({@link SequentialParents}), records a session as closed only if some
 * ephemeral create may still find it closed, says what each entry touches ({@link TreeFootprints}), and
 * which states are dead ends ({@link DeadEnds}). Built for one list of entries, the one searched.
 */
final class TreeModel implements Model<TreeState, Entry> {
    private final Domain domain;
    private final LongPredicate closingObserved;
    private final SequentialParents sequentialParents;
    /** Null for the unreduced model. */
    private final TreeFootprints footprints;
    private final DeadEnds deadEnds;

    /** The model of {@code domain} for a search of {@code entries} (with the intervals they have there). */
    TreeModel(Domain domain, List<Entry> entries) {
        this.domain = domain;
        Set<Long> observed = closingsObserved(entries);
        this.closingObserved = observed::contains;
        this.sequentialParents = new SequentialParents(domain, entries);
        this.footprints = new TreeFootprints(domain, entries, sequentialParents);
        this.deadEnds = new DeadEnds(domain, entries);
    }

    private TreeModel(Domain domain) {
        this.domain = domain;
        this.closingObserved = session -> true;
        this.sequentialParents = new SequentialParents(domain, List.of());
        this.footprints = null;
        this.deadEnds = null;
    }

    /**
     * The same model without what serves only speed: every closed session is recorded, no sequential
     * child is anonymous, and it gives no footprints and sees no dead ends. What tests compare the
     * reductions with.
     */
    static TreeModel unreduced(Domain domain) {
        return new TreeModel(domain);
    }

    /**
     * The sessions with an ephemeral create that may be linearized after one of their CloseSessions (it
     * completes no earlier than the close is invoked): only for them can it matter that a session is
     * closed, so only they are recorded as closed, and closing any other session that owns no node
     * changes no state.
     */
    static Set<Long> closingsObserved(List<Entry> entries) {
        Map<Long, Long> firstCloseNs = new HashMap<>();
        for (Entry e : entries) {
            if (e.command() instanceof Command.CloseSession) {
                firstCloseNs.merge(e.session(), e.invokeNs(), Math::min);
            }
        }
        Set<Long> observed = new HashSet<>();
        for (Entry e : entries) {
            Long closeNs = firstCloseNs.get(e.session());
            if (closeNs != null && e.completeNs() >= closeNs && HistoryFacts.ops(e.command()).stream()
                    .anyMatch(op -> op instanceof Command.Create c && c.ephemeral())) {
                observed.add(e.session());
            }
        }
        return observed;
    }

    @Override
    public TreeState initial() {
        return TreeState.initial(domain);
    }

    @Override
    public TreeState step(TreeState state, Entry entry) {
        Command command = entry.command();
        TreeDraft draft = new TreeDraft(state, domain, closingObserved, sequentialParents);
        Result result = entry.result();
        if (result instanceof Result.Failed f && !Outcome.MODELLED.contains(f.code())) {
            return state;
        }
        if (command instanceof Command.GetData g) {
            return getData(state, draft, g.path(), result);
        }
        if (command instanceof Command.Exists x) {
            return exists(state, draft, x.path(), result);
        }
        if (command instanceof Command.GetChildren c) {
            return getChildren(state, draft, c.path(), result);
        }
        if (command instanceof Command.SetData s) {
            return setData(state, draft, s, result);
        }
        if (command instanceof Command.Multi m) {
            return multi(state, draft, m, entry.session(), result);
        }
        if (command instanceof Command.CloseSession) {
            if (result instanceof Result.Failed) {
                return state;
            }
            draft.closeSession(entry.session());
            return conclude(state, draft, Outcome.ok(null), result);
        }
        Outcome outcome = apply(draft, command, entry.session(), null);
        return conclude(state, draft, outcome, result);
    }

    @Override
    public Footprint footprint(TreeState state, Entry entry, long nowNs) {
        return footprints == null ? null : footprints.of(state, entry, nowNs);
    }

    /**
     * A read, a failure, a multi of checks, or a CloseSession (which, if it changes nothing now, owns
     * nothing and is not recorded, so no create of its session remains): each changes nothing wherever
     * it is accepted. A read that changes nothing now knows the zxids of the node it saw already, and a
     * later state that accepts it shows the same incarnation at the same version (another incarnation's
     * zxids exceed every zxid known of this one), so it changes nothing there either.
     */
    @Override
    public boolean unchangedFromNowOn(TreeState state, Entry entry) {
        Command command = entry.command();
        if (!command.isWrite() || entry.result() instanceof Result.Failed || command instanceof Command.CloseSession) {
            return true;
        }
        return command instanceof Command.Multi m && entry.result() instanceof Result.Ok
                && m.ops().stream().allMatch(op -> op instanceof Command.Check);
    }

    @Override
    public boolean neverAccepted(TreeState state, Entry entry) {
        return deadEnds != null && deadEnds.neverAccepted(state, entry);
    }

    @Override
    public boolean blocksLater(TreeState state, long nowNs) {
        return deadEnds != null && deadEnds.blocksLater(state, nowNs);
    }

    private static TreeState getData(TreeState state, TreeDraft draft, String path, Result result) {
        ZNode node = draft.node(path);
        if (result instanceof Result.Ok ok) {
            return node != null && ok.value() instanceof Result.Node seen && Objects.equals(seen.data(), node.data())
                    ? observed(draft, path, node, seen) : null;
        }
        return absentOrUnknown(state, node, result);
    }

    private static TreeState exists(TreeState state, TreeDraft draft, String path, Result result) {
        ZNode node = draft.node(path);
        if (result instanceof Result.Ok ok) {
            if (ok.value() == null) {
                return node == null ? state : null;
            }
            return node != null && ok.value() instanceof Result.Node seen ? observed(draft, path, node, seen) : null;
        }
        return result instanceof Result.Unknown ? state : null;
    }

    private static TreeState getChildren(TreeState state, TreeDraft draft, String path, Result result) {
        ZNode node = draft.node(path);
        if (result instanceof Result.Ok ok) {
            if (node == null || !(ok.value() instanceof List<?> seen)) {
                return null;
            }
            List<String> sorted = new ArrayList<>();
            for (Object name : seen) {
                if (!(name instanceof String s)) {
                    return null;
                }
                sorted.add(s);
            }
            sorted.sort(null);
            return sorted.equals(draft.childNames(path)) ? state : null;
        }
        return absentOrUnknown(state, node, result);
    }

    private static TreeState observed(TreeDraft draft, String path, ZNode node, Result.Node seen) {
        return seen.version() == node.version() && draft.observe(path, seen.czxid(), seen.mzxid()) ? draft.toState() : null;
    }

    private static TreeState absentOrUnknown(TreeState state, ZNode node, Result result) {
        if (result instanceof Result.Failed f) {
            return node == null && f.code().equals(Outcome.NONODE) ? state : null;
        }
        return result instanceof Result.Unknown ? state : null;
    }

    private static TreeState setData(TreeState state, TreeDraft draft, Command.SetData s, Result result) {
        if (!(result instanceof Result.Ok ok)) {
            return conclude(state, draft, draft.setData(s, null), result);
        }
        if (!(ok.value() instanceof Result.Version v) || v.mzxid() <= state.maxZxid()) {
            return null;
        }
        Outcome outcome = draft.setData(s, v.mzxid());
        return outcome.ok() && matches(draft, s, outcome, ok) ? draft.toState() : null;
    }

    private static TreeState multi(TreeState state, TreeDraft draft, Command.Multi m, long session, Result result) {
        List<?> subResults = null;
        Long zxid = null;
        if (result instanceof Result.Ok ok) {
            if (!(ok.value() instanceof List<?> list) || list.size() != m.ops().size()) {
                return null;
            }
            subResults = list;
            Long revealed = revealedZxid(list);
            if (revealed == null || revealed != Stamp.UNKNOWN && revealed <= state.maxZxid()) {
                return null;
            }
            if (revealed != Stamp.UNKNOWN) {
                zxid = revealed;
            }
        }
        for (int i = 0; i < m.ops().size(); i++) {
            Command op = m.ops().get(i);
            Outcome outcome = apply(draft, op, session, zxid);
            if (!outcome.ok()) {
                return conclude(state, draft, outcome, result);
            }
            if (subResults != null && !matches(draft, op, outcome, subResults.get(i))) {
                return null;
            }
        }
        return conclude(state, draft, Outcome.ok(subResults), result);
    }

    /** The zxid the setData results of a multi reveal, {@link Stamp#UNKNOWN} if none does, null if they disagree. */
    private static Long revealedZxid(List<?> subResults) {
        long zxid = Stamp.UNKNOWN;
        for (Object sub : subResults) {
            if (sub instanceof Result.Ok ok && ok.value() instanceof Result.Version v) {
                if (zxid != Stamp.UNKNOWN && zxid != v.mzxid()) {
                    return null;
                }
                zxid = v.mzxid();
            }
        }
        return zxid;
    }

    /** Applies one create, delete, setData or check (on its own or inside a multi) to {@code draft}. */
    private static Outcome apply(TreeDraft draft, Command op, long session, Long zxid) {
        if (op instanceof Command.Create c) {
            return draft.create(c, session, zxid);
        }
        if (op instanceof Command.Delete d) {
            return draft.delete(d);
        }
        if (op instanceof Command.SetData s) {
            return draft.setData(s, zxid);
        }
        if (op instanceof Command.Check c) {
            return draft.check(c);
        }
        throw new IllegalArgumentException("a multi may contain only create, delete, setData and check, not " + op);
    }

    /** True if the successful {@code outcome} of {@code op} is what {@code recorded} says (an Ok or, for a check or delete in a multi, null). */
    private static boolean matches(TreeDraft draft, Command op, Outcome outcome, Object recorded) {
        Object value = recorded instanceof Result.Ok ok ? ok.value() : null;
        if (recorded != null && !(recorded instanceof Result.Ok)) {
            return false;
        }
        if (op instanceof Command.Create) {
            return recorded != null && outcome.value().equals(value);
        }
        if (op instanceof Command.SetData s) {
            return value instanceof Result.Version v && ((ZNode) outcome.value()).version() == v.version()
                    && draft.observe(s.path(), v.czxid(), v.mzxid());
        }
        return value == null;
    }

    /**
     * The state after an operation with {@code outcome} whose recorded result is {@code result}: the
     * draft if it succeeded as recorded (or might have, for Unknown), the state before if it failed as
     * recorded (or, for Unknown, failed), null if the recorded result is impossible. A success's value
     * is compared here only when {@code outcome} carries the recorded value (create, delete, close).
     */
    private static TreeState conclude(TreeState before, TreeDraft after, Outcome outcome, Result result) {
        if (result instanceof Result.Unknown) {
            return outcome.ok() ? after.toState() : before;
        }
        if (result instanceof Result.Failed f) {
            return outcome.failsWith(f.code()) ? before : null;
        }
        Result.Ok ok = (Result.Ok) result;
        return outcome.ok() && (outcome.value() == ok.value() || Objects.equals(outcome.value(), ok.value())) ? after.toState() : null;
    }
}
