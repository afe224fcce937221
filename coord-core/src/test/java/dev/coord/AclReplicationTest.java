package dev.coord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AclReplicationTest runs ACLs on a 3-peer in-JVM ensemble over loopback TCP: the leader decides every
 * write with the identities a follower forwards, ACLs replicate with the same digest everywhere, and a
 * session keeps its identities across a leader change.
 */
class AclReplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] ALICE = "alice:secret".getBytes(StandardCharsets.UTF_8);
    private static final List<Acl> ALICE_WRITES = List.of(Acl.digest("alice", "secret", Perms.ALL), Acl.world(Perms.READ));

    @TempDir
    Path dir;

    private static void awaitConverged(Ensemble e) {
        Ensemble.await(() -> {
            List<Status> all = new ArrayList<>();
            e.peers.values().forEach(c -> all.add(c.status()));
            return all.stream().allMatch(s -> s.lastZxid() == all.get(0).lastZxid() && s.digest() == all.get(0).digest());
        }, WAIT, "all peers at the same zxid and digest");
    }

    @Test
    void shouldLetTheLeaderDecideForwardedWritesWithTheSessionsIdentities() throws Exception {
        try (Ensemble e = new Ensemble(dir, 3, Set.of(), 1000)
                .configure(b -> b.superDigest(Acl.digestId("root", "toor"))).startAll()) {
            int leader = e.leader();
            List<Integer> followers = new ArrayList<>(e.peers.keySet());
            followers.remove(Integer.valueOf(leader));
            Coordinator f1 = e.peers.get(followers.get(0));
            Coordinator f2 = e.peers.get(followers.get(1));
            f1.addAuth("digest", ALICE);
            f1.create("/shared", "v0".getBytes(), ALICE_WRITES, CreateMode.PERSISTENT);

            try (Session anonymous = f2.openSession(Duration.ofSeconds(10));
                 Session alice = f2.openSession(Duration.ofSeconds(10));
                 Session root = f2.openSession(Duration.ofSeconds(10))) {
                anonymous.sync("/");
                assertThat(anonymous.getData("/shared").data()).containsExactly("v0".getBytes());
                assertThatThrownBy(() -> anonymous.setData("/shared", "x".getBytes(), -1))
                        .isInstanceOf(CoordException.NoAuthException.class).hasMessageContaining("/shared")
                        .hasMessageContaining("WRITE");
                assertThatThrownBy(() -> anonymous.multi(List.of(Op.create("/free", null, CreateMode.PERSISTENT),
                        Op.create("/shared/kid", null, CreateMode.PERSISTENT))))
                        .isInstanceOf(CoordException.NoAuthException.class);
                alice.addAuth("digest", ALICE);
                alice.setData("/shared", "v1".getBytes(), 0);
                Stat acl = alice.setACL("/shared", List.of(Acl.digest("alice", "secret", Perms.ALL)), 0);
                assertThat(acl.aversion()).isEqualTo(1);
                root.addAuth("digest", "root:toor".getBytes(StandardCharsets.UTF_8));
                root.create("/shared/by-root", null, CreateMode.PERSISTENT);
            }
            Coordinator onLeader = e.peers.get(leader);
            assertThatThrownBy(() -> onLeader.setData("/shared", null, -1)).isInstanceOf(CoordException.NoAuthException.class);
            for (Coordinator c : e.peers.values()) {
                c.sync("/");
                assertThat(c.exists("/free")).as("the denied multi created nothing").isNull();
                assertThat(c.exists("/shared").aversion()).isEqualTo(1);
                assertThat(c.exists("/shared/by-root")).isNotNull();
            }
            // Every peer holds the same ACL: reads are decided by each peer from its own replica.
            for (Coordinator c : e.peers.values()) {
                if (c != f1) {
                    assertThatThrownBy(() -> c.getData("/shared")).isInstanceOf(CoordException.NoAuthException.class);
                }
            }
            assertThat(f1.getData("/shared").data()).as("f1's default session is alice").containsExactly("v1".getBytes());
            assertThat(f1.getACL("/shared").acl()).containsExactly(Acl.digest("alice", "secret", Perms.ALL));
            awaitConverged(e);
        }
    }

    @Test
    void shouldKeepASessionsIdentitiesAndTheAclsAcrossALeaderChange() throws Exception {
        try (Ensemble e = new Ensemble(dir, 3, Set.of(), 1000).startAll()) {
            int leader = e.leader();
            int follower = leader == 1 ? 2 : 1;
            Session alice = e.peers.get(follower).openSession(Duration.ofSeconds(10));
            alice.addAuth("digest", ALICE);
            alice.create("/guarded", null, ALICE_WRITES, CreateMode.PERSISTENT);
            e.kill(leader);
            Ensemble.await(() -> e.leader() > 0 && e.leader() != leader, WAIT, "a new leader");
            // Writes held or refused while there was no leader are retried until this one succeeds.
            Ensemble.await(() -> {
                try {
                    alice.setData("/guarded", "after".getBytes(), -1);
                    return true;
                } catch (CoordException.NoQuorumException | CoordException.ConnectionLossException retry) {
                    return false;
                }
            }, WAIT, "the write of the reconnected session");
            Coordinator other = e.peers.get(e.leader());
            assertThatThrownBy(() -> other.setData("/guarded", null, -1)).isInstanceOf(CoordException.NoAuthException.class);
            e.restart(leader);
            Coordinator restarted = e.peers.get(leader);
            restarted.sync("/");
            assertThat(restarted.getACL("/guarded").acl()).isEqualTo(ALICE_WRITES);
            assertThat(restarted.getData("/guarded").data()).containsExactly("after".getBytes());
            awaitConverged(e);
            alice.close();
        }
    }

    @Test
    void shouldRefuseASessionBeyondTheEnsemblesLimitWhereverItIsOpened() throws Exception {
        // Three default sessions, one per peer, and room for two more.
        try (Ensemble e = new Ensemble(dir, 3, Set.of(), 1000).configure(b -> b.maxSessions(5)).startAll()) {
            int leader = e.leader();
            int follower = leader == 1 ? 2 : 1;
            Session one = e.peers.get(follower).openSession(Duration.ofSeconds(10));
            Session two = e.peers.get(leader).openSession(Duration.ofSeconds(10));
            assertThatThrownBy(() -> e.peers.get(follower).openSession(Duration.ofSeconds(10)))
                    .isInstanceOf(CoordException.LimitExceededException.class).hasMessageContaining("maxSessions");
            one.close();
            e.peers.get(follower).openSession(Duration.ofSeconds(10)).close();
            two.close();
        }
    }
}
