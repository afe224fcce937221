package dev.coord.testkit.check;

import dev.coord.testkit.history.Entry;
import java.util.List;

/**
 * Violation is one broken rule of ZooKeeper's per-session guarantees, found by
 * {@link SessionOrderChecker}: the entry that broke it, and the entries that show it was broken.
 *
 * @param rule        the rule broken
 * @param session     the session of {@code entry}
 * @param entry       the entry whose result breaks the rule
 * @param evidence    earlier (or, for {@link Rule#STATS_DISAGREE}, other) entries it contradicts
 * @param explanation one sentence, naming paths and zxids
 */
public record Violation(Rule rule, long session, Entry entry, List<Entry> evidence, String explanation) {

    /** Rule is which guarantee broke. */
    public enum Rule {
        /**
         * A result shows a path older than the session already knew it: older than a state the session
         * saw, or than a state another result revealed at a zxid the session had already observed.
         */
        OLDER_THAN_SEEN,
        /** A result shows an incarnation of a path the session already knew to be gone. */
        DELETED_INCARNATION_SEEN,
        /** After the session's own create of a persistent node that nothing deletes, it found the node absent. */
        NODE_VANISHED,
        /** Two results disagree on one version of a node (same path, czxid and mzxid), or one is malformed. */
        STATS_DISAGREE
    }

    public Violation {
        evidence = List.copyOf(evidence);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(rule).append(" in session 0x").append(Long.toHexString(session)).append(": ").append(explanation).append('\n');
        s.append("  ").append(EntryFormat.line(entry)).append('\n');
        if (!evidence.isEmpty()) {
            s.append("  contradicts:\n");
            evidence.forEach(e -> s.append("    ").append(EntryFormat.line(e)).append('\n'));
        }
        return s.toString();
    }
}
