package dev.coord.testkit.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * StatAgreement checks that all results of a history agree on each version of each node, whoever read
 * it: one (path, mzxid) has one czxid, version and data; a czxid is at most the mzxid, and equal to it
 * at version 0; within an incarnation, a later mzxid has a higher version.
 */
final class StatAgreement {
    private StatAgreement() {
    }

    static List<Violation> check(SightingIndex index, List<Sighting> sightings) {
        List<Violation> violations = new ArrayList<>();
        for (Sighting s : sightings) {
            if (s.czxid() > s.mzxid() || (s.version() == 0 && s.czxid() != s.mzxid())) {
                violations.add(violation(s, List.of(), s.describe() + " at version " + s.version()
                        + " is malformed: czxid must be at most mzxid, and equal to it at version 0"));
                continue;
            }
            Sighting first = index.all().get(s.path()).get(s.mzxid());
            if (!agree(first, s)) {
                violations.add(violation(s, List.of(first.entry()), "two results disagree on " + s.path() + " at mzxid " + s.mzxid()
                        + ": " + shown(first) + " and " + shown(s)));
            }
        }
        index.all().forEach((path, byMzxid) -> violations.addAll(versionsGrow(byMzxid)));
        return violations;
    }

    private static boolean agree(Sighting a, Sighting b) {
        return a.czxid() == b.czxid() && a.version() == b.version()
                && (a.data() == null || b.data() == null || Objects.equals(a.data(), b.data()));
    }

    /** Within each incarnation, versions must grow with mzxid. */
    private static List<Violation> versionsGrow(TreeMap<Long, Sighting> byMzxid) {
        List<Violation> violations = new ArrayList<>();
        Map<Long, Sighting> previousByCzxid = new HashMap<>();
        for (Sighting s : byMzxid.values()) {
            Sighting previous = previousByCzxid.put(s.czxid(), s);
            if (previous != null && previous.version() >= s.version()) {
                violations.add(violation(s, List.of(previous.entry()), s.path() + " has version " + previous.version() + " at mzxid "
                        + previous.mzxid() + " but version " + s.version() + " at the later mzxid " + s.mzxid() + " (czxid " + s.czxid() + ")"));
            }
        }
        return violations;
    }

    private static String shown(Sighting s) {
        return "czxid " + s.czxid() + " version " + s.version() + (s.data() == null ? "" : " data \"" + s.data() + "\"");
    }

    private static Violation violation(Sighting s, List<dev.coord.testkit.history.Entry> evidence, String explanation) {
        return new Violation(Violation.Rule.STATS_DISAGREE, s.entry().session(), s.entry(), evidence, explanation);
    }
}
