package dev.coord.testkit.check;

import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * SessionOrderChecker checks the guarantees ZooKeeper gives each session, which plain (unsynced) reads
 * must keep although they need not be linearizable. It judges every entry with a definite result,
 * synced or not, against the entries of its session that completed before it was invoked (real-time
 * order within the session: the weakest reading of "later", so every violation is certain).
 *
 * <ul>
 * <li>{@link Violation.Rule#OLDER_THAN_SEEN}: reads never go back in time. Let {@code z} be the largest
 *     zxid the session had observed. For any state of path {@code p} revealed by any result at an mzxid
 *     {@code m <= z} with czxid {@code c} (this covers the session's own reads and setData results), a
 *     later result of the session showing {@code p} must be of the same incarnation at mzxid
 *     {@code >= m}, or of an incarnation created after {@code m} (czxid {@code > m}).</li>
 * <li>{@link Violation.Rule#DELETED_INCARNATION_SEEN}: once the session found {@code p} absent, or
 *     created or deleted it itself, after observing zxid {@code z}, any incarnation it sees later has a
 *     czxid above {@code z}.</li>
 * <li>{@link Violation.Rule#NODE_VANISHED}: after its own create of persistent {@code p} completed, the
 *     session never finds {@code p} absent unless some entry of the history deletes {@code p}.</li>
 * <li>{@link Violation.Rule#STATS_DISAGREE}: across all sessions, results agree on each version of
 *     each node (see {@link StatAgreement}), which is what lets plain reads be checked for values nobody
 *     wrote.</li>
 * </ul>
 */
public final class SessionOrderChecker {
    private SessionOrderChecker() {
    }

    /** The violations in {@code history}, in entry order. */
    public static List<Violation> check(List<Entry> history) {
        Set<String> knownPaths = Observations.knownPaths(history);
        SightingIndex index = new SightingIndex(history, knownPaths);
        Map<Long, List<Entry>> bySession = new LinkedHashMap<>();
        List<Sighting> sightings = new ArrayList<>();
        Map<Entry, Observations> observations = new HashMap<>();
        for (Entry e : history) {
            if (!(e.result() instanceof Result.Unknown)) {
                Observations o = Observations.of(e, knownPaths);
                observations.put(e, o);
                sightings.addAll(o.present);
                bySession.computeIfAbsent(e.session(), s -> new ArrayList<>()).add(e);
            }
        }
        List<Violation> violations = new ArrayList<>(StatAgreement.check(index, sightings));
        bySession.values().forEach(entries -> violations.addAll(checkSession(entries, observations, index)));
        violations.sort(Comparator.comparingLong((Violation v) -> v.entry().id()).thenComparing(Violation::rule));
        return violations;
    }

    private static List<Violation> checkSession(List<Entry> entries, Map<Entry, Observations> observations, SightingIndex index) {
        List<Violation> violations = new ArrayList<>();
        entries.sort(Comparator.comparingLong(Entry::invokeNs).thenComparingLong(Entry::id));
        PriorityQueue<Entry> running = new PriorityQueue<>(Comparator.comparingLong(Entry::completeNs));
        Map<Entry, SessionView.Floor> observedBefore = new HashMap<>();
        SessionView view = new SessionView();
        for (Entry e : entries) {
            while (!running.isEmpty() && running.peek().completeNs() < e.invokeNs()) {
                Entry done = running.poll();
                view.learn(done, observations.get(done), observedBefore.get(done));
            }
            observedBefore.put(e, view.observed());
            judge(e, observations.get(e), view, index, violations);
            running.add(e);
        }
        return violations;
    }

    private static void judge(Entry e, Observations o, SessionView view, SightingIndex index, List<Violation> violations) {
        SessionView.Floor observed = view.observed();
        for (Sighting s : o.present) {
            SessionView.Floor gone = view.createdAfter(s.path());
            if (gone != null && s.czxid() <= gone.zxid()) {
                violations.add(new Violation(Violation.Rule.DELETED_INCARNATION_SEEN, e.session(), e, List.of(gone.source()),
                        "saw " + s.describe() + ", but the session had already found " + s.path() + " gone (or replaced it) after observing zxid "
                                + gone.zxid() + ", so any incarnation it sees must have a czxid above that"));
            }
            Sighting known = observed.source() == null ? null : index.latestBy(s.path(), observed.zxid());
            if (known != null && !s.notOlderThan(known)) {
                List<Entry> evidence = known.entry() == observed.source() ? List.of(known.entry()) : List.of(known.entry(), observed.source());
                violations.add(new Violation(Violation.Rule.OLDER_THAN_SEEN, e.session(), e, evidence,
                        "saw " + s.describe() + ", but the session had already observed zxid " + observed.zxid()
                                + ", by which " + known.path() + " had reached czxid " + known.czxid() + ", mzxid " + known.mzxid()));
            }
        }
        for (String path : o.absent) {
            Entry create = view.ownPersistentCreate(path);
            if (create != null && !index.deletable(path)) {
                violations.add(new Violation(Violation.Rule.NODE_VANISHED, e.session(), e, List.of(create),
                        "found " + path + " absent after the session created it, and no entry of the history deletes it"));
            }
        }
    }
}
