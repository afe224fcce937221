package dev.coord.zab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SyncPlanTest {
    private static final byte[] ENTRY = {1};

    /** A leader just restarted: its snapshot at {@code base}, then its log's entries, none known committed. */
    private static History restartedLeader(long base, long... logged) {
        TreeMap<Long, byte[]> recent = new TreeMap<>();
        EpochSummary summary = new EpochSummary(base, List.of());
        for (long z : logged) {
            recent.put(z, ENTRY);
            summary = summary.append(z);
        }
        return new History(100, summary, base, recent, base);
    }

    @Test
    void shouldDiffALearnerThatAppliedMoreThanTheLeadersOldSnapshot() {
        // Found by the simulator (faults3 seed 24): a leader restarted from its snapshot in epoch 2
        // chose SNAP at that snapshot for a learner whose tree was further along, so the learner's
        // tree went back in time (stale reads, watches fired again).
        History leader = restartedLeader(Zxid.of(2, 5), Zxid.of(2, 6), Zxid.of(2, 7), Zxid.of(3, 1), Zxid.of(3, 2));
        EpochSummary learner = new EpochSummary(0, List.of(Zxid.of(1, 9), Zxid.of(2, 7), Zxid.of(3, 1)));

        SyncPlan plan = SyncPlan.choose(leader, learner, Zxid.of(3, 1));

        assertThat(plan).isEqualTo(new SyncPlan(SyncPlan.Kind.DIFF, Zxid.of(3, 1)));
    }

    @Test
    void shouldTruncateALearnerAheadOfTheLeaderInAnEpochAboveWhatItKnowsCommitted() {
        History leader = restartedLeader(Zxid.of(2, 5), Zxid.of(2, 6), Zxid.of(3, 1));
        EpochSummary learner = new EpochSummary(0, List.of(Zxid.of(1, 9), Zxid.of(2, 8)));

        SyncPlan plan = SyncPlan.choose(leader, learner, Zxid.of(2, 6));

        assertThat(plan).isEqualTo(new SyncPlan(SyncPlan.Kind.TRUNC, Zxid.of(2, 6)));
    }

    @Test
    void shouldSnapALearnerBehindTheLeadersWindowAtACommitPointBeyondItsTree() {
        History leader = restartedLeader(Zxid.of(2, 5), Zxid.of(2, 6));
        EpochSummary learner = new EpochSummary(0, List.of(Zxid.of(1, 9), Zxid.of(2, 2)));

        SyncPlan plan = SyncPlan.choose(leader, learner, Zxid.of(2, 2));

        assertThat(plan.kind()).isEqualTo(SyncPlan.Kind.SNAP);
        assertThat(plan.zxid()).isGreaterThanOrEqualTo(Zxid.of(2, 2));
    }

    @Test
    void shouldTrustOnlyTheSmallerBaseWhenTheLearnerClaimsMoreThanTheLeaderHolds() {
        EpochSummary leader = new EpochSummary(Zxid.of(2, 5), List.of(Zxid.of(2, 6)));
        EpochSummary learner = new EpochSummary(Zxid.of(3, 4), List.of());

        assertThat(leader.forkPoint(learner, Zxid.of(3, 4))).isEqualTo(Zxid.of(2, 5));
    }
}
