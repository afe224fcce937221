package dev.coord.zab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * AbstainingVoterTest: a voter that lost the log it acked from (its data was moved aside as damaged)
 * must not help elect a leader lacking a write it acked. Three voters; zxid 1.2 was committed by
 * peers 1 and 2; peer 3 never got it. Peer 2 loses its log (keeping its epochs) and peer 1 is down:
 * voting with its empty history, peer 2 would elect peer 3 and lose 1.2. Abstaining, it elects no
 * one; once peer 1 is back, peer 1 leads, and peer 2 syncs, gets 1.2 and votes again. The same holds
 * for a voter that lost its epochs (a damaged epoch file) but kept its log.
 */
class AbstainingVoterTest {
    private static void givenLog(ZabHarness h, int id, long... zxids) {
        ZabHarness.SimPeer p = h.peers.get(id);
        p.acceptedEpoch = 1;
        p.currentEpoch = 1;
        for (long z : zxids) {
            p.log.put(z, ("v" + Zxid.hex(z)).getBytes());
        }
        p.durable = p.log.isEmpty() ? 0 : p.log.lastKey();
    }

    @Test
    void shouldNotLetAVoterThatLostItsLogHelpElectALeaderLackingACommittedWrite() {
        ZabHarness h = new ZabHarness(Set.of(1, 2, 3), Set.of());
        givenLog(h, 1, Zxid.of(1, 1), Zxid.of(1, 2));
        givenLog(h, 2);
        givenLog(h, 3, Zxid.of(1, 1));
        h.peers.get(2).abstain = true;
        h.peers.get(2).boot();
        h.peers.get(3).boot();
        for (int i = 0; i < 3_000; i++) {
            h.step();
            assertThat(h.servingLeader()).as("no leader without an intact quorum").isEqualTo(-1);
            assertThat(h.peers.get(3).zab.state()).isNotEqualTo(PeerState.LEADING);
        }
        assertThat(h.peers.get(2).zab.isAbstaining()).isTrue();

        h.peers.get(1).boot();
        h.runUntil(ZabHarness::allServing, 10_000);
        assertThat(h.servingLeader()).isEqualTo(1);
        assertThat(h.peers.get(2).log).containsKey(Zxid.of(1, 2));
        assertThat(h.peers.get(3).log).containsKey(Zxid.of(1, 2));
        assertThat(h.peers.get(2).zab.isAbstaining()).isFalse();
    }

    @Test
    void shouldLetAnAbstainingVoterJoinALeaderTheOthersFollow() {
        ZabHarness h = new ZabHarness(Set.of(1, 2, 3), Set.of());
        h.startAll();
        h.runUntil(ZabHarness::allServing, 5_000);
        long z = h.propose("a");
        h.runUntil(x -> x.committedEverywhere(z), 5_000);
        h.crash(1);
        ZabHarness.SimPeer p = h.peers.get(1);
        p.log.clear();
        p.durable = 0;
        p.snapshotZxid = 0;
        p.abstain = true;
        p.boot();
        h.runUntil(ZabHarness::allServing, 10_000);
        assertThat(p.log).containsKey(z);
        assertThat(p.zab.isAbstaining()).isFalse();
    }

    /**
     * Epoch 2 was established by peers 1 and 2 and committed 2.1; peer 3 stayed at epoch 1. Peer 2
     * loses its epochs (0, 0, 0), keeps its log, and peer 1 is down. Voting with current epoch 0, peer 2
     * would adopt peer 3's better-by-epoch vote and elect it, losing 2.1. Abstaining, it elects no one;
     * once peer 1 is back, peer 1 leads a newer epoch, and peer 2 persists that epoch before it serves.
     */
    @Test
    void shouldNotLetAVoterThatLostItsEpochsHelpElectALeaderLackingACommittedWrite() {
        ZabHarness h = new ZabHarness(Set.of(1, 2, 3), Set.of());
        for (int id : new int[] {1, 2}) {
            ZabHarness.SimPeer p = h.peers.get(id);
            p.acceptedEpoch = 2;
            p.acceptedLeader = 1;
            p.currentEpoch = 2;
            for (long z : new long[] {Zxid.of(1, 1), Zxid.of(2, 1)}) {
                p.log.put(z, ("v" + Zxid.hex(z)).getBytes());
            }
            p.durable = Zxid.of(2, 1);
        }
        givenLog(h, 3, Zxid.of(1, 1));
        ZabHarness.SimPeer lost = h.peers.get(2);
        lost.acceptedEpoch = 0;
        lost.acceptedLeader = 0;
        lost.currentEpoch = 0;
        lost.abstain = true;
        lost.boot();
        h.peers.get(3).boot();
        for (int i = 0; i < 3_000; i++) {
            h.step();
            assertThat(h.servingLeader()).as("no leader without an intact quorum").isEqualTo(-1);
            assertThat(h.peers.get(3).zab.state()).isNotEqualTo(PeerState.LEADING);
        }
        assertThat(lost.zab.isAbstaining()).isTrue();

        h.peers.get(1).boot();
        h.runUntil(ZabHarness::allServing, 10_000);
        assertThat(h.servingLeader()).isEqualTo(1);
        assertThat(h.peers.get(3).log).containsKey(Zxid.of(2, 1));
        assertThat(lost.zab.isAbstaining()).isFalse();
        assertThat(lost.currentEpoch).as("the leader's epoch, persisted").isEqualTo(h.peers.get(1).currentEpoch).isGreaterThan(2);
        assertThat(lost.acceptedEpoch).isEqualTo(lost.currentEpoch);
        assertThat(lost.acceptedLeader).isEqualTo(1);
    }
}
