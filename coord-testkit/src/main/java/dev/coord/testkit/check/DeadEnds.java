package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DeadEnds recognises tree states from which no linearization can go on, by two quantities that never
 * decrease, for {@link TreeModel#neverAccepted} and {@link TreeModel#blocksLater}:
 * <ul>
 * <li>the largest zxid seen: a successful setData or multi whose zxid is known is accepted only above
 *     it;</li>
 * <li>the cversion of a <em>lasting</em> sequential parent (persistent in the initial tree, and no
 *     entry deletes it): a sequential create under it whose result names the node is accepted only at
 *     the cversion the name carries.</li>
 * </ul>
 * So once either has passed what such an entry needs, the entry can never be placed, in this state or
 * any after it.
 */
final class DeadEnds {
    /** What one entry needs: the zxid its result reveals (or {@link Stamp#UNKNOWN}), and cversions of lasting parents. */
    private record Need(long zxid, List<String> parents, long[] cversions) {
    }

    /**
     * Bound is the entries with one kind of need, sorted by invocation, with {@code suffixMin[i]} the
     * least value needed by entry {@code i} or any invoked after it.
     */
    private record Bound(long[] callNs, long[] suffixMin) {
        static Bound of(List<long[]> callAndValue) {
            callAndValue.sort((a, b) -> Long.compare(a[0], b[0]));
            long[] calls = new long[callAndValue.size()];
            long[] min = new long[callAndValue.size()];
            long least = Long.MAX_VALUE;
            for (int i = callAndValue.size() - 1; i >= 0; i--) {
                calls[i] = callAndValue.get(i)[0];
                least = Math.min(least, callAndValue.get(i)[1]);
                min[i] = least;
            }
            return new Bound(calls, min);
        }

        /** The least value needed by an entry invoked after {@code nowNs}, or {@link Long#MAX_VALUE}. */
        long leastAfter(long nowNs) {
            int i = Arrays.binarySearch(callNs, nowNs);
            if (i >= 0) {
                while (i < callNs.length && callNs[i] <= nowNs) {
                    i++;
                }
            } else {
                i = -i - 1;
            }
            return i < callNs.length ? suffixMin[i] : Long.MAX_VALUE;
        }
    }

    private final Map<Entry, Need> needs = new IdentityHashMap<>();
    private final Bound zxids;
    private final Map<String, Bound> cversions = new HashMap<>();

    DeadEnds(Domain domain, List<Entry> entries) {
        Set<String> deleted = new HashSet<>();
        for (Entry e : entries) {
            for (Command op : HistoryFacts.ops(e.command())) {
                if (op instanceof Command.Delete d) {
                    deleted.add(d.path());
                }
            }
        }
        List<long[]> byZxid = new ArrayList<>();
        Map<String, List<long[]>> byCversion = new HashMap<>();
        for (Entry e : entries) {
            Need need = need(e, domain, deleted);
            if (need == null) {
                continue;
            }
            needs.put(e, need);
            if (need.zxid != Stamp.UNKNOWN) {
                byZxid.add(new long[] {e.invokeNs(), need.zxid});
            }
            for (int i = 0; i < need.parents.size(); i++) {
                byCversion.computeIfAbsent(need.parents.get(i), p -> new ArrayList<>()).add(new long[] {e.invokeNs(), need.cversions[i]});
            }
        }
        zxids = Bound.of(byZxid);
        byCversion.forEach((parent, list) -> cversions.put(parent, Bound.of(list)));
    }

    /** True if {@code e} can be accepted neither in {@code state} nor after it. */
    boolean neverAccepted(TreeState state, Entry e) {
        Need need = needs.get(e);
        if (need == null) {
            return false;
        }
        if (need.zxid != Stamp.UNKNOWN && need.zxid <= state.maxZxid) {
            return true;
        }
        for (int i = 0; i < need.parents.size(); i++) {
            if (cversion(state, need.parents.get(i)) > need.cversions[i]) {
                return true;
            }
        }
        return false;
    }

    /** True if some entry with a need, invoked after {@code nowNs}, can be accepted in no state from {@code state} on. */
    boolean blocksLater(TreeState state, long nowNs) {
        if (zxids.leastAfter(nowNs) <= state.maxZxid) {
            return true;
        }
        for (Map.Entry<String, Bound> c : cversions.entrySet()) {
            if (cversion(state, c.getKey()) > c.getValue().leastAfter(nowNs)) {
                return true;
            }
        }
        return false;
    }

    private static int cversion(TreeState state, String parent) {
        int i = state.indexOf(parent);
        return i >= 0 ? state.nodes[i].cversion() : Integer.MIN_VALUE;
    }

    private static Need need(Entry e, Domain domain, Set<String> deleted) {
        if (!(e.result() instanceof Result.Ok ok)) {
            return null;
        }
        long zxid = Stamp.UNKNOWN;
        if (e.command() instanceof Command.SetData && ok.value() instanceof Result.Version v) {
            zxid = v.mzxid();
        } else if (e.command() instanceof Command.Multi && ok.value() instanceof List<?> subs) {
            for (Object sub : subs) {
                if (sub instanceof Result.Ok o && o.value() instanceof Result.Version v) {
                    zxid = Math.max(zxid, v.mzxid());
                }
            }
        }
        List<String> parents = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        List<Command> ops = HistoryFacts.ops(e.command());
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof Command.Create c && c.sequential()) {
                String parent = TreeDraft.sequentialParent(c.path());
                long number = sequenceNumber(c.path(), HistoryFacts.createdPath(e, i));
                if (number >= 0 && lasting(parent, domain, deleted)) {
                    parents.add(parent);
                    numbers.add(number);
                }
            }
        }
        if (zxid == Stamp.UNKNOWN && parents.isEmpty()) {
            return null;
        }
        return new Need(zxid, List.copyOf(parents), numbers.stream().mapToLong(Long::longValue).toArray());
    }

    /** The cversion a sequential create with {@code prefix} that created {@code created} ran at, or -1 if the name is not of that form. */
    private static long sequenceNumber(String prefix, String created) {
        if (created == null || created.length() != prefix.length() + 10 || !created.startsWith(prefix)) {
            return -1;
        }
        for (int i = prefix.length(); i < created.length(); i++) {
            if (created.charAt(i) < '0' || created.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(created.substring(prefix.length()));
    }

    private static boolean lasting(String parent, Domain domain, Set<String> deleted) {
        return domain.tracks(parent) && domain.initiallyPersistent(parent) && !deleted.contains(parent);
    }
}
