package dev.coord.recipes.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.recipes.locks.FencedResource;
import dev.coord.recipes.testing.Await;
import dev.coord.recipes.testing.Fixture;
import dev.coord.recipes.testing.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests of {@link LeaderElection} on both topologies: one leader at a time, in join order, tokens, payloads. */
class LeaderElectionTest {
    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldElectOneLeaderAtATimeInJoinOrderWithGrowingTokens(Topology topology) throws Exception {
        int participants = 8;
        try (Fixture f = Fixture.of(topology, "election")) {
            String path = f.path("election");
            List<Recorder.Told> log = new CopyOnWriteArrayList<>();
            List<LeaderElection> elections = new ArrayList<>();
            for (int i = 0; i < participants; i++) {
                LeaderElection e = new LeaderElection(f.session(), path, "p" + i, bytes("addr-" + i),
                        new Recorder("p" + i, log));
                e.start();
                elections.add(e);
            }
            FencedResource resource = new FencedResource();
            long lastToken = -1;
            for (int turn = 0; turn < participants + 2; turn++) {
                LeaderElection expected = elections.get(turn % participants);
                assertThat(expected.awaitLeadership(Duration.ofSeconds(30))).as("turn %d", turn).isTrue();
                long token = expected.fencingToken();
                assertThat(token).isGreaterThan(lastToken);
                assertThat(resource.admit(token)).isTrue();
                lastToken = token;
                assertThat(elections.stream().filter(LeaderElection::hasLeadership).count()).isEqualTo(1);
                f.syncAll();                                    // every peer's view includes the hand-over
                for (LeaderElection other : elections) {
                    Participant leader = other.leader().orElseThrow();
                    assertThat(leader.id()).isEqualTo(expected.participantId());
                    assertThat(new String(leader.payload(), StandardCharsets.UTF_8)).isEqualTo("addr-" + turn % participants);
                    assertThat(leader.fencingToken()).isEqualTo(token);
                }
                expected.resign();
                assertThat(expected.hasLeadership()).isFalse();
            }
            assertThat(log.stream().filter(Recorder.Told::gained).map(Recorder.Told::who).toList())
                    .as("leaders in join order; resigned participants rejoin at the back")
                    .startsWith("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p0", "p1");
            assertThat(log.stream().filter(t -> !t.gained()).map(Recorder.Told::reason).distinct().toList())
                    .containsExactly(LossReason.RESIGNED);
            for (LeaderElection e : elections) {
                e.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldPassLeadershipOnWhenTheLeaderLeavesAndListEveryParticipant(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "election-close")) {
            String path = f.path("election");
            Recorder first = new Recorder("a");
            Recorder second = new Recorder("b");
            LeaderElection a = new LeaderElection(f.session(), path, "a", bytes("host-a:1"), first);
            LeaderElection b = new LeaderElection(f.session(), path, "b", bytes("host-b:2"), second);
            a.start();
            b.start();
            assertThat(first.next().gained()).isTrue();
            assertThat(b.awaitLeadership(Duration.ofMillis(100))).isFalse();
            assertThat(b.participants()).extracting(Participant::id).containsExactly("a", "b");

            a.close();
            Recorder.Told lost = first.next();
            assertThat(lost.gained()).isFalse();
            assertThat(lost.reason()).isEqualTo(LossReason.CLOSED);
            Recorder.Told gained = second.next();
            assertThat(gained.gained()).isTrue();
            assertThat(gained.atNs()).as("the old leader was told first").isGreaterThan(lost.atNs());
            assertThat(b.leader().orElseThrow().id()).isEqualTo("b");
            assertThat(b.participants()).extracting(Participant::id).containsExactly("b");
            a.close();                                          // idempotent
            b.close();
            assertThat(b.hasLeadership()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldLetTheListenerResignFromInsideItsCallback(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "election-callback")) {
            String path = f.path("election");
            Recorder other = new Recorder("other");
            LeaderElection[] self = new LeaderElection[1];
            List<Long> tokens = new CopyOnWriteArrayList<>();
            self[0] = new LeaderElection(f.session(), path, "brief", null, new LeadershipListener() {
                @Override
                public void leadershipGained(long fencingToken) {
                    tokens.add(fencingToken);
                    if (tokens.size() == 1) {
                        self[0].resign();                      // from the election's own thread
                    }
                }

                @Override
                public void leadershipLost(LossReason reason) {
                }
            });
            self[0].start();                                    // alone: gains, resigns in the callback, gains again
            Await.until(() -> tokens.size() == 2, "leadership gained twice");
            assertThat(tokens.get(1)).isGreaterThan(tokens.get(0));
            assertThat(self[0].awaitLeadership(Duration.ofSeconds(30))).isTrue();

            LeaderElection second = new LeaderElection(f.session(), path, "other", null, other);
            second.start();
            self[0].resign();
            assertThat(other.next().gained()).as("resigning hands over to the next in line").isTrue();
            assertThat(self[0].hasLeadership()).isFalse();
            self[0].close();
            second.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldStopLeadingAtOnceAndRejoinWhenSomeoneDeletesTheLeadersNode(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "election-deleted")) {
            String path = f.path("election");
            Recorder told = new Recorder("a");
            LeaderElection a = new LeaderElection(f.session(), path, "a", null, told);
            a.start();
            Recorder.Told gained = told.next();
            assertThat(gained.gained()).isTrue();
            f.session().delete(a.leader().orElseThrow().nodePath(), -1);
            Recorder.Told lost = told.next();
            assertThat(lost.reason()).isEqualTo(LossReason.NODE_DELETED);
            Recorder.Told again = told.next();
            assertThat(again.gained()).as("alone, it rejoins and leads again").isTrue();
            assertThat(again.token()).isGreaterThan(gained.token());
            a.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
