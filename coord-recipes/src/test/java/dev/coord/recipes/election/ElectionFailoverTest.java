package dev.coord.recipes.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.Session;
import dev.coord.SessionState;
import dev.coord.recipes.testing.TestEnsemble;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Leader election across failures of a three-peer ensemble: a killed leader is replaced within the
 * session timeout plus a tick, and a leader that is cut off is told before anyone else leads.
 */
class ElectionFailoverTest {
    private static final Duration SESSION_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration TICK = Duration.ofMillis(50);
    private static final Duration SLACK = Duration.ofMillis(1000);

    @Test
    void shouldElectTheNextParticipantWhenTheLeadersPeerIsKilled() throws Exception {
        try (TestEnsemble e = TestEnsemble.start(3, TestEnsemble.Options.quick(null, Duration.ofSeconds(10)))) {
            int leaderPeer = e.followerId();
            int nextPeer = e.leaderId();
            Recorder first = new Recorder("first");
            Recorder next = new Recorder("next");
            LeaderElection a = new LeaderElection(e.peer(leaderPeer).openSession(SESSION_TIMEOUT), "/election", "a", null, first);
            LeaderElection b = new LeaderElection(e.peer(nextPeer).openSession(Duration.ofSeconds(10)), "/election", "b", null, next);
            a.start();
            assertThat(first.next().gained()).isTrue();
            b.start();

            long killedAtNs = System.nanoTime();
            e.kill(leaderPeer);
            Recorder.Told gained = next.next();
            assertThat(gained.gained()).isTrue();
            Duration handOver = Duration.ofNanos(gained.atNs() - killedAtNs);
            System.out.printf("leadership hand-over after the leader's peer was killed: %d ms%n", handOver.toMillis());
            assertThat(handOver).isLessThanOrEqualTo(SESSION_TIMEOUT.plus(TICK).plus(SLACK));
            assertThat(b.leader().orElseThrow().id()).isEqualTo("b");
            b.close();
        }
    }

    @Test
    void shouldTellACutOffLeaderBeforeAnotherParticipantLeads() throws Exception {
        try (TestEnsemble e = TestEnsemble.start(3, TestEnsemble.Options.quick(null, Duration.ofSeconds(10)))) {
            int cutPeer = e.followerId();
            int otherPeer = e.leaderId();
            Recorder cut = new Recorder("cut");
            Recorder other = new Recorder("other");
            Session cutSession = e.peer(cutPeer).openSession(SESSION_TIMEOUT);
            LeaderElection a = new LeaderElection(cutSession, "/election", "a", null, cut);
            LeaderElection b = new LeaderElection(e.peer(otherPeer).openSession(Duration.ofSeconds(10)), "/election", "b", null, other);
            a.start();
            BlockingQueue<SessionState> states = new LinkedBlockingQueue<>();
            cutSession.addSessionListener(states::add);         // after the election's own listener
            assertThat(cut.next().gained()).isTrue();
            b.start();

            e.isolate(cutPeer);
            Recorder.Told lost = cut.next();
            assertThat(lost.reason()).isEqualTo(LossReason.SUSPENDED);
            assertThat(a.hasLeadership()).isFalse();
            Recorder.Told gained = other.next();
            assertThat(gained.gained()).isTrue();
            assertThat(lost.atNs()).as("the cut-off leader knew before the other led").isLessThan(gained.atNs());

            e.heal();
            SessionState state;
            do {
                state = states.poll(30, TimeUnit.SECONDS);
            } while (state != null && state != SessionState.EXPIRED);
            assertThat(state).isEqualTo(SessionState.EXPIRED);
            a.close();                                          // runs after the election handled EXPIRED
            assertThat(cut.untold()).as("no second loss is reported: leadership was already lost").isEmpty();
            b.close();
        }
    }
}
