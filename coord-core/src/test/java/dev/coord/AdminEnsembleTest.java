package dev.coord;

import dev.coord.admin.AdminHttp;
import dev.coord.metrics.ConnectionStats;
import dev.coord.metrics.LearnerStats;
import dev.coord.metrics.PeerMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin endpoints and metrics of a 3-peer ensemble in this JVM, over real TCP. */
class AdminEnsembleTest {
    @TempDir
    Path dir;

    @Test
    void shouldShowMembersLagTrafficAndTheReplicatedTreeOnEveryPeer() throws Exception {
        try (Ensemble ensemble = new Ensemble(dir, 3, Set.of(), 1000).configure(b -> b.adminPort(0)).startAll()) {
            Ensemble.await(() -> ensemble.leader() > 0, Duration.ofSeconds(30), "a leader");
            int leaderId = ensemble.leader();
            Coordinator leader = ensemble.peers.get(leaderId);
            int followerId = ensemble.peers.keySet().stream().filter(id -> id != leaderId).findFirst().orElseThrow();
            Coordinator follower = ensemble.peers.get(followerId);

            leader.create("/app", "v1".getBytes(UTF_8), CreateMode.PERSISTENT);
            for (int i = 0; i < 20; i++) {
                follower.create("/app/n" + i, null, CreateMode.PERSISTENT);
            }
            long lastZxid = leader.status().lastZxid();

            AdminHttp leaderHttp = new AdminHttp(leader.adminAddress().orElseThrow());
            Ensemble.await(() -> followersCaughtUp(leaderHttp.get("/members").json(), lastZxid), Duration.ofSeconds(15),
                    "the leader's /members to show both followers with lag 0");
            Map<String, Object> members = leaderHttp.get("/members").json();
            assertThat(members).containsEntry("self", (double) leaderId).containsEntry("leaderId", (double) leaderId)
                    .containsEntry("role", "LEADING");
            assertThat(list(members, "members")).hasSize(3);
            for (Map<String, Object> m : list(members, "members")) {
                assertThat(m.get("address")).isEqualTo("127.0.0.1:" + ensemble.ports.get(((Double) m.get("id")).intValue()));
                assertThat(m).containsEntry("voting", true).containsEntry("leader", ((Double) m.get("id")) == leaderId);
            }

            AdminHttp followerHttp = new AdminHttp(follower.adminAddress().orElseThrow());
            Map<String, Object> seenByFollower = followerHttp.get("/members").json();
            assertThat(seenByFollower).containsEntry("role", "FOLLOWING").containsEntry("leaderId", (double) leaderId);
            assertThat(list(seenByFollower, "members")).filteredOn(m -> m.get("id").equals((double) leaderId))
                    .singleElement().satisfies(m -> assertThat(m).containsEntry("state", "LEADING"));

            Ensemble.await(() -> follower.status().lastZxid() >= lastZxid, Duration.ofSeconds(15), "the follower to apply");
            Map<String, Object> app = followerHttp.get("/tree?path=/app").json();
            assertThat(app).containsEntry("data", "v1");
            assertThat(list(app, "children")).hasSize(20);

            Ensemble.await(() -> leader.metrics().learners().size() == 2, Duration.ofSeconds(15), "two learners published");
            PeerMetrics lm = leader.metrics();
            assertThat(lm.role()).isEqualTo(Role.LEADING);
            assertThat(lm.learners()).extracting(LearnerStats::state).containsOnly("SYNCED");
            assertThat(lm.connections()).hasSize(2).allSatisfy(c -> {
                assertThat(c.connected()).isTrue();
                assertThat(c.messagesSent()).isPositive();
                assertThat(c.bytesSent()).isGreaterThan(c.messagesSent());
                assertThat(c.messagesReceived()).isPositive();
            });
            Ensemble.await(() -> follower.metrics().connections().stream()
                    .filter(c -> c.peerId() == leaderId).mapToLong(ConnectionStats::messagesReceived).sum() >= 21,
                    Duration.ofSeconds(15), "the follower to count the leader's proposals");
            assertThat(follower.metrics().learners()).isEmpty();
            assertThat(follower.metrics().fsyncLatency().count()).isPositive();
            Map<String, Object> fm = followerHttp.get("/metrics").json();
            assertThat(fm).containsEntry("role", "FOLLOWING").containsEntry("leader_id", (double) leaderId);
            assertThat((Double) fm.get("packets_received")).isPositive();

            Map<String, Object> sessions = followerHttp.get("/sessions").json();
            assertThat((Double) sessions.get("count")).as("each peer's default session, and the admin session of one")
                    .isGreaterThanOrEqualTo(4.0);
            assertThat(list(sessions, "sessions")).extracting(s -> s.get("ownerPeerId"))
                    .contains(1.0, 2.0, 3.0);
        }
    }

    private static boolean followersCaughtUp(Map<String, Object> members, long lastZxid) {
        int caughtUp = 0;
        for (Map<String, Object> m : list(members, "members")) {
            if (!Boolean.TRUE.equals(m.get("self")) && Double.valueOf(0).equals(m.get("lagZxids"))
                    && ((Double) m.get("ackedZxid")).longValue() >= lastZxid) {
                caughtUp++;
            }
        }
        return caughtUp == 2;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> json, String name) {
        return (List<Map<String, Object>>) json.get(name);
    }
}
