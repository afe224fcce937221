package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LeaderRechecksForwardedWritesTest: a follower whose own checks are looser than the leader's (here a
 * larger {@code maxDataBytes}, as a misconfigured or buggy peer would have) forwards a write the
 * leader would refuse from its own client. The leader checks it again over the real forwarding path,
 * answers the same clear error, and nothing is written on any peer. Hand-made transactions that no
 * preparer makes (malformed paths, invalid ACLs, foreign owners) are covered by ForwardedWriteTest.
 */
class LeaderRechecksForwardedWritesTest {
    private static final int LEADER_LIMIT = 100;
    private static final int FOLLOWER_LIMIT = 10_000;

    @TempDir
    Path dir;
    private Ensemble ensemble;

    @AfterEach
    void cleanUp() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @Test
    void shouldRefuseAForwardedWriteOverTheLeadersDataLimitAndChangeNothing() throws Exception {
        // Peer 1 alone gets the looser limit. At a fresh start every history is empty and ties go to the
        // highest id, so peer 1, the lowest, never leads: it is a follower that forwards.
        int follower = 1;
        ensemble = new Ensemble(dir, 3, Set.of(), 1000);
        ensemble.customizer = (id, b) -> b.maxDataBytes(id == follower ? FOLLOWER_LIMIT : LEADER_LIMIT);
        ensemble.startAll();
        Ensemble.await(() -> ensemble.leader() > 0, Duration.ofSeconds(20), "a leader");
        assertThat(ensemble.leader()).isNotEqualTo(follower);
        Coordinator leading = ensemble.peers.get(ensemble.leader());
        Coordinator f = ensemble.peers.get(follower);
        f.create("/before", new byte[10], CreateMode.PERSISTENT);
        Ensemble.await(() -> ensemble.peers.values().stream().allMatch(c -> c.exists("/before") != null),
                Duration.ofSeconds(20), "every peer to apply /before");
        long beforeMzxid = leading.exists("/before").mzxid();

        byte[] big = new byte[LEADER_LIMIT + 50];
        assertThatThrownBy(() -> f.create("/big", big, CreateMode.PERSISTENT))
                .isInstanceOf(CoordException.BadArgumentsException.class)
                .hasMessageContaining("/big").hasMessageContaining("more than the limit of " + LEADER_LIMIT);
        assertThatThrownBy(() -> f.setData("/before", big, -1))
                .isInstanceOf(CoordException.BadArgumentsException.class)
                .hasMessageContaining("/before").hasMessageContaining("more than the limit of " + LEADER_LIMIT);
        assertThatThrownBy(() -> f.multi(java.util.List.of(Op.check("/before", -1), Op.create("/m", big, CreateMode.PERSISTENT))))
                .isInstanceOf(CoordException.class).hasMessageContaining("more than the limit of " + LEADER_LIMIT);

        // A later write through the same follower commits: every write it forwarded before was decided by
        // then. (The zxid count is not asserted: the peers' own sessions write too.)
        f.create("/after", new byte[10], CreateMode.PERSISTENT);
        for (Coordinator c : ensemble.peers.values()) {
            Ensemble.await(() -> c.exists("/after") != null, Duration.ofSeconds(20), "every peer to apply /after");
            assertThat(c.exists("/big")).isNull();
            assertThat(c.exists("/m")).isNull();
            assertThat(c.getData("/before").data()).hasSize(10);
            assertThat(c.getData("/before").stat().version()).isZero();
            assertThat(c.exists("/before").mzxid()).isEqualTo(beforeMzxid);
        }
    }
}
