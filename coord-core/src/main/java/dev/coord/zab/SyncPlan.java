package dev.coord.zab;

/**
 * SyncPlan is how a leader brings one learner's history in line with its own (DESIGN.md section 3):
 * DIFF sends the proposals after the learner's last zxid; TRUNC first drops the learner's entries after
 * the last zxid both share, then sends the proposals after it; SNAP replaces the learner's state with
 * the leader's committed snapshot and sends the proposals after that.
 *
 * @param kind the method
 * @param zxid for DIFF and TRUNC, the zxid after which proposals are sent (and, for TRUNC, to which the
 *             learner truncates); for SNAP, the snapshot's zxid
 */
public record SyncPlan(Kind kind, long zxid) {
    /** Kind is the synchronization method. */
    public enum Kind {
        DIFF,
        TRUNC,
        SNAP
    }

    /**
     * Chooses the plan for a learner with history {@code learner}, committed up to
     * {@code learnerCommitted}, against the leader's {@code history}.
     *
     * <ul>
     *   <li>The learner's history is a prefix of the leader's and the leader's window holds everything
     *       after it: DIFF (nothing to send if they are equal).</li>
     *   <li>The learner holds entries the leader does not (after the fork point) and the window holds
     *       everything after the fork: TRUNC to the fork point, then DIFF.</li>
     *   <li>Otherwise (too far behind the window, or the fork below what the learner already applied):
     *       SNAP.</li>
     * </ul>
     *
     * <p>The fork point is never below what the learner knows committed, so a SNAP (taken at the
     * leader's commit point, beyond the window's start) is never older than the learner's tree: a
     * learner's applied state, which its clients read and watch, never goes back in time.
     */
    public static SyncPlan choose(History history, EpochSummary learner, long learnerCommitted) {
        long fork = history.summary().forkPoint(learner, learnerCommitted);
        if (fork < learnerCommitted || !history.coversAfter(fork)) {
            return new SyncPlan(Kind.SNAP, history.lastCommitted());
        }
        if (fork == learner.lastZxid()) {
            return new SyncPlan(Kind.DIFF, fork);
        }
        return new SyncPlan(Kind.TRUNC, fork);
    }
}
