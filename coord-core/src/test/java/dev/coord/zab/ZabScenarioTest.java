package dev.coord.zab;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ZabScenarioTest drives the ZAB state machine through scripted scenarios on {@link ZabHarness}: every
 * row of the synchronization table, leader crashes, partitions, observers, stale rounds and epochs.
 * The harness checks the safety invariants after every step.
 */
class ZabScenarioTest {
    private static final List<ZabHarness> HARNESSES = new java.util.ArrayList<>();

    /** Compares the scenario's transcript with its golden file (see {@link GoldenTranscript}). */
    @org.junit.jupiter.api.AfterEach
    void compareTranscript(org.junit.jupiter.api.TestInfo info) throws java.io.IOException {
        try {
            if (HARNESSES.size() == 1) {
                GoldenTranscript.check(info.getTestMethod().orElseThrow().getName(), HARNESSES.get(0).transcript);
            }
        } finally {
            HARNESSES.clear();
        }
    }

    private static ZabHarness harness(Set<Integer> voters, Set<Integer> observers) {
        ZabHarness h = new ZabHarness(voters, observers);
        HARNESSES.add(h);
        return h;
    }

    private static ZabHarness three() {
        ZabHarness h = harness(Set.of(1, 2, 3), Set.of());
        h.startAll();
        h.runUntil(ZabHarness::allServing, 5_000);
        return h;
    }

    private static long commitEverywhere(ZabHarness h, String payload) {
        long zxid = h.propose(payload);
        h.runUntil(x -> x.committedEverywhere(zxid), 5_000);
        return zxid;
    }

    private static void givenLog(ZabHarness h, int id, long acceptedEpoch, long currentEpoch, long... zxids) {
        ZabHarness.SimPeer p = h.peers.get(id);
        p.acceptedEpoch = acceptedEpoch;
        p.currentEpoch = currentEpoch;
        for (long z : zxids) {
            p.log.put(z, ("v" + Zxid.hex(z)).getBytes());
        }
        p.durable = p.log.isEmpty() ? 0 : p.log.lastKey();
    }

    private static List<Long> logOf(ZabHarness h, int id) {
        return List.copyOf(h.peers.get(id).log.keySet());
    }

    @Test
    void shouldElectTheIdHighestPeerOfEqualHistoriesAndCommitOnAll() {
        ZabHarness h = three();
        assertThat(h.servingLeader()).isEqualTo(3);
        long z = commitEverywhere(h, "a");
        assertThat(Zxid.epoch(z)).isEqualTo(1);
        for (int id = 1; id <= 3; id++) {
            assertThat(h.peers.get(id).committed).containsExactly(z);
        }
    }

    @Test
    void shouldElectTheMostUpToDatePeerEvenWithALowerId() {
        ZabHarness h = harness(Set.of(1, 2, 3), Set.of());
        givenLog(h, 1, 1, 1, Zxid.of(1, 1), Zxid.of(1, 2));
        givenLog(h, 2, 1, 1, Zxid.of(1, 1));
        givenLog(h, 3, 1, 1, Zxid.of(1, 1));
        h.startAll();
        h.runUntil(ZabHarness::allServing, 5_000);
        assertThat(h.servingLeader()).isEqualTo(1);
        assertThat(logOf(h, 3)).containsExactly(Zxid.of(1, 1), Zxid.of(1, 2));
        assertThat(h.peers.get(3).committed).containsExactly(Zxid.of(1, 1), Zxid.of(1, 2));
    }

    @Test
    void shouldKeepCommittedEntriesAndResumeWhenTheLeaderCrashes() {
        ZabHarness h = three();
        long a = commitEverywhere(h, "a");
        h.crash(3);
        h.runUntil(x -> x.servingLeader() > 0 && x.servingLeader() != 3 && x.allServing(), 5_000);
        long b = commitEverywhere(h, "b");
        assertThat(Zxid.epoch(b)).isGreaterThan(Zxid.epoch(a));
        h.restart(3);
        h.runUntil(x -> x.allServing() && x.committedEverywhere(b), 5_000);
        assertThat(h.peers.get(3).committed).containsExactly(a, b);
    }

    @Test
    void shouldRejoinByDiffWhenTheLearnerIsAPrefix() {
        ZabHarness h = three();
        int leader = h.servingLeader();
        int away = leader == 1 ? 2 : 1;
        commitEverywhere(h, "a");
        h.crash(away);
        long last = 0;
        for (int i = 0; i < 5; i++) {
            long z = h.propose("b" + i);
            h.runUntil(x -> x.peers.get(leader).committed.contains(z), 5_000);
            last = z;
        }
        h.restart(away);
        long target = last;
        h.runUntil(x -> x.allServing() && x.committedEverywhere(target), 5_000);
        assertThat(h.transcript).noneMatch(line -> line.contains(away + " install snapshot") || line.contains(away + " truncate"));
    }

    @Test
    void shouldRejoinBySnapWhenAwayLongerThanTheWindow() {
        ZabHarness h = harness(Set.of(1, 2, 3), Set.of());
        h.windowSize = 3;
        h.startAll();
        h.runUntil(ZabHarness::allServing, 5_000);
        int leader = h.servingLeader();
        int away = leader == 1 ? 2 : 1;
        commitEverywhere(h, "a");
        h.crash(away);
        long last = 0;
        for (int i = 0; i < 10; i++) {
            long z = h.propose("b" + i);
            h.runUntil(x -> x.peers.get(leader).committed.contains(z), 5_000);
            last = z;
        }
        h.restart(away);
        long target = last;
        h.runUntil(x -> x.allServing() && x.committedEverywhere(target), 5_000);
        assertThat(h.transcript).anyMatch(line -> line.contains(away + " install snapshot"));
        assertThat(h.peers.get(away).committed).isEqualTo(h.peers.get(leader).committed);
    }

    @Test
    void shouldTruncateTheUncommittedEntryOfACrashedLeader() {
        // Seed 004: A leads with 100 committed, writes 101 locally and dies; B leads and commits
        // 101'-103'; A returns and must end up with B's history.
        ZabHarness h = three();
        int a = h.servingLeader();
        long committed = commitEverywhere(h, "committed");
        h.isolate(a);
        long lost = h.propose("never-committed");
        h.step();
        h.crash(a);
        h.heal();
        h.runUntil(x -> x.servingLeader() > 0 && x.servingLeader() != a && x.allServing(), 5_000);
        long b1 = commitEverywhere(h, "b1");
        commitEverywhere(h, "b2");
        long b3 = commitEverywhere(h, "b3");
        h.restart(a);
        h.runUntil(x -> x.allServing() && x.committedEverywhere(b3), 5_000);
        assertThat(logOf(h, a)).doesNotContain(lost).contains(committed, b1, b3);
        assertThat(h.transcript).anyMatch(line -> line.contains(a + " truncate to " + Zxid.hex(committed)));
    }

    @Test
    void shouldTruncateAcrossTheEpochBoundaryThenDiff() {
        // DESIGN section 4: follower log ... X(e5), Y(e6); the epoch-7 leader has X, X+1(e5), Z(e7).
        long x = Zxid.of(5, 2);
        long y = Zxid.of(6, 1);
        ZabHarness h = harness(Set.of(1, 2, 3), Set.of());
        givenLog(h, 1, 6, 6, Zxid.of(5, 1), x, x + 1);
        givenLog(h, 2, 6, 6, Zxid.of(5, 1), x, x + 1);
        givenLog(h, 3, 6, 6, Zxid.of(5, 1), x, y);
        h.startAll();
        h.crash(3);
        h.runUntil(v -> v.servingLeader() > 0 && v.allServing(), 5_000);
        long z = commitEverywhere(h, "z");
        assertThat(Zxid.epoch(z)).isEqualTo(7);
        h.restart(3);
        h.runUntil(v -> v.allServing() && v.committedEverywhere(z), 5_000);
        assertThat(logOf(h, 3)).containsExactly(Zxid.of(5, 1), x, x + 1, z);
        assertThat(h.transcript).anyMatch(line -> line.contains("3 truncate to " + Zxid.hex(x)));
    }

    @Test
    void shouldTruncateALearnerThatIsAheadOfTheLeader() {
        // peerLastZxid > the leader's last: the learner holds proposals nobody else has.
        ZabHarness h = harness(Set.of(1, 2, 3), Set.of());
        givenLog(h, 1, 2, 2, Zxid.of(2, 1), Zxid.of(2, 2), Zxid.of(2, 3));
        givenLog(h, 2, 2, 2, Zxid.of(2, 1));
        givenLog(h, 3, 2, 2, Zxid.of(2, 1));
        h.startAll();
        h.crash(1);
        h.runUntil(v -> v.servingLeader() > 0 && v.allServing(), 5_000);
        long z = commitEverywhere(h, "z");
        h.restart(1);
        h.runUntil(v -> v.allServing() && v.committedEverywhere(z), 5_000);
        assertThat(logOf(h, 1)).containsExactly(Zxid.of(2, 1), z);
    }

    @Test
    void shouldNeverCountAnObserverTowardAQuorum() {
        ZabHarness h = harness(Set.of(1, 2, 3), Set.of(4));
        h.startAll();
        h.runUntil(ZabHarness::allServing, 5_000);
        long a = commitEverywhere(h, "a");
        assertThat(h.peers.get(4).committed).containsExactly(a);
        int leader = h.servingLeader();
        for (int id = 1; id <= 3; id++) {
            if (id != leader) {
                h.crash(id);
            }
        }
        long b = h.propose("b");
        h.runUntil(v -> v.servingLeader() < 0, 5_000);
        assertThat(h.peers.get(leader).committed).doesNotContain(b);
        assertThat(h.peers.get(4).committed).doesNotContain(b);
    }

    @Test
    void shouldCommitNothingOnAMinoritySideAndCatchUpAfterHealing() {
        ZabHarness h = harness(Set.of(1, 2, 3, 4, 5), Set.of());
        h.startAll();
        h.runUntil(ZabHarness::allServing, 5_000);
        commitEverywhere(h, "a");
        int oldLeader = h.servingLeader();
        int other = oldLeader == 1 ? 2 : 1;
        // The old leader and one follower on the minority side.
        for (int id : h.peers.keySet()) {
            if (id != oldLeader && id != other) {
                h.disconnect(oldLeader, id);
                h.disconnect(other, id);
            }
        }
        long minority = h.propose("minority");
        h.runUntil(v -> {
            int l = v.servingLeader();
            return l > 0 && l != oldLeader && l != other;
        }, 5_000);
        int newLeader = h.servingLeader();
        long majority = h.propose("majority");
        h.runUntil(v -> v.peers.get(newLeader).committed.contains(majority), 5_000);
        assertThat(h.peers.get(oldLeader).committed).doesNotContain(minority, majority);
        assertThat(h.peers.get(other).committed).doesNotContain(minority, majority);
        h.heal();
        h.runUntil(v -> v.allServing() && v.committedEverywhere(majority), 10_000);
        for (ZabHarness.SimPeer p : h.peers.values()) {
            assertThat(p.committed).doesNotContain(minority);
        }
    }

    @Test
    void shouldStepDownWhenTheLeaderLosesItsQuorum() {
        ZabHarness h = three();
        int leader = h.servingLeader();
        h.isolate(leader);
        h.runUntil(v -> v.peers.get(leader).zab.state() == PeerState.LOOKING, 2_000);
        assertThat(h.peers.get(leader).zab.isServing()).isFalse();
    }

    @Test
    void shouldAnswerAStaleElectionRoundWithoutCountingIt() {
        ZabHarness h = harness(Set.of(1, 2, 3), Set.of());
        h.startAll();
        Zab z = h.peers.get(1).zab;
        z.drainActions();
        long round = z.round;
        z.onMessage(2, new ZabMessage.Notification(new Vote(2, 99, 99), round - 1, PeerState.LOOKING), h.nowMs);
        List<ZabAction> actions = z.drainActions();
        assertThat(actions).containsExactly(new ZabAction.Send(2,
                new ZabMessage.Notification(new Vote(1, 0, 0), round, PeerState.LOOKING)));
        assertThat(z.state()).isEqualTo(PeerState.LOOKING);
    }

    @Test
    void shouldIgnoreAnAckEpochForAnOlderEpoch() {
        ZabHarness h = three();
        int leader = h.servingLeader();
        Zab z = h.peers.get(leader).zab;
        int follower = leader == 1 ? 2 : 1;
        z.drainActions();
        z.onMessage(follower, new ZabMessage.AckEpoch(z.currentEpoch() - 1, 0, new EpochSummary(0, List.of()), 0), h.nowMs);
        z.onMessage(follower, new ZabMessage.Ack(z.currentEpoch() - 1, Zxid.of(9, 9), false), h.nowMs);
        assertThat(z.drainActions()).isEmpty();
        assertThat(z.isServing()).isTrue();
        commitEverywhere(h, "still-works");
    }

    @Test
    void shouldRefuseTheSameEpochFromASecondLeader() {
        ZabHarness h = harness(Set.of(1, 2, 3), Set.of());
        givenLog(h, 2, 4, 3);
        h.peers.get(2).acceptedLeader = 3;
        h.startAll();
        Zab z = h.peers.get(2).zab;
        z.becomeLearner(1, h.nowMs);
        z.drainActions();
        z.onMessage(1, new ZabMessage.LeaderInfo(4), h.nowMs);
        assertThat(z.state()).isEqualTo(PeerState.LOOKING);
        assertThat(z.drainActions()).noneMatch(a -> a instanceof ZabAction.Send s && s.message() instanceof ZabMessage.AckEpoch);
    }

    @Test
    void shouldCommitPipelinedProposalsInOrder() {
        ZabHarness h = three();
        long last = 0;
        for (int i = 0; i < 50; i++) {
            last = h.propose("p" + i);
        }
        long target = last;
        h.runUntil(v -> v.committedEverywhere(target), 5_000);
        assertThat(h.peers.get(1).committed).hasSize(50).isSorted();
    }

    @Test
    void shouldNotCommitWhileFollowerLogsAreNotDurable() {
        ZabHarness h = three();
        int leader = h.servingLeader();
        for (ZabHarness.SimPeer p : h.peers.values()) {
            if (p.id != leader) {
                p.diskHeld = true;
            }
        }
        long z = h.propose("held");
        for (int i = 0; i < 20; i++) {
            h.step();
        }
        assertThat(h.peers.get(leader).committed).doesNotContain(z);
        for (ZabHarness.SimPeer p : h.peers.values()) {
            p.diskHeld = false;
        }
        h.runUntil(v -> v.committedEverywhere(z), 5_000);
    }

    @Test
    void shouldNotCountTheLeadersOwnLogTowardEstablishmentBeforeItIsDurable() {
        // The leader's own force may still run when it is elected again (the force runs off the
        // agent thread): with one follower, establishing would commit an entry durable on one peer.
        ZabHarness h = three();
        commitEverywhere(h, "a");
        h.crash(2);
        ZabHarness.SimPeer leader = h.peers.get(3);
        leader.diskHeld = true;
        h.disconnect(3, 1);
        long x = h.propose("x");
        h.runUntil(v -> v.peers.get(3).zab.state() != PeerState.LEADING, 5_000);
        h.heal();
        h.runUntil(v -> v.peers.get(3).zab.state() == PeerState.LEADING && v.peers.get(1).log.containsKey(x), 5_000);
        for (int i = 0; i < 100; i++) {
            h.step();
        }
        assertThat(h.servingLeader()).isEqualTo(-1);
        assertThat(h.peers.get(1).committed).doesNotContain(x);

        leader.diskHeld = false;
        h.runUntil(v -> v.servingLeader() == 3 && v.peers.get(1).committed.contains(x) && v.peers.get(3).committed.contains(x), 5_000);
    }

    @Test
    void shouldLeadOnlyLearnersOfItsEpoch() {
        ZabHarness h = three();
        int leader = h.servingLeader();
        int away = leader == 1 ? 2 : 1;
        int other = 6 - leader - away;
        assertThat(h.peers.get(leader).zab.leadsLearner(away)).isTrue();
        assertThat(h.peers.get(leader).zab.leadsLearner(other)).isTrue();
        assertThat(h.peers.get(other).zab.leadsLearner(away)).as("a follower serves no learners").isFalse();

        h.crash(away);
        assertThat(h.peers.get(leader).zab.leadsLearner(away)).isFalse();
        h.restart(away);
        h.runUntil(ZabHarness::allServing, 5_000);
        assertThat(h.peers.get(leader).zab.leadsLearner(away)).isTrue();
    }
}
