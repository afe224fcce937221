package dev.coord.recipes.locks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.Coordinator;
import dev.coord.Session;
import dev.coord.SessionState;
import dev.coord.recipes.testing.Await;
import dev.coord.recipes.testing.TestEnsemble;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What happens to a {@link Lock} when its holder crashes, is cut off, or rides out a leader change:
 * the next waiter acquires within the session timeout plus a tick (plus scheduling slack on a loaded
 * machine), and a holder that is alive but cut off is told before anyone else can hold.
 */
class LockFailoverTest {
    private static final Duration SESSION_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration TICK = Duration.ofMillis(50);
    /** Scheduling slack: thread wake-ups, a commit, GC on a shared two-core machine. */
    private static final Duration SLACK = Duration.ofMillis(1000);

    @Test
    void shouldHandTheLockToTheNextWaiterWithinTheSessionTimeoutWhenTheHoldersPeerIsKilled() throws Exception {
        try (TestEnsemble e = TestEnsemble.start(3, TestEnsemble.Options.quick(null, Duration.ofSeconds(10)))) {
            int holderPeer = e.followerId();
            int waiterPeer = e.leaderId();
            Session holderSession = e.peer(holderPeer).openSession(SESSION_TIMEOUT);
            Session waiterSession = e.peer(waiterPeer).openSession(Duration.ofSeconds(10));
            Lock holder = new Lock(holderSession, "/locks/crash");
            Lock waiter = new Lock(waiterSession, "/locks/crash");
            Grant held = holder.lock();
            CompletableFuture<Long> acquiredAtNs = acquireInBackground(waiter);
            Await.until(() -> e.peer(waiterPeer).getChildren("/locks/crash").size() == 2, "the waiter queued");

            long killedAtNs = System.nanoTime();
            e.kill(holderPeer);
            long waitedNs = acquiredAtNs.get(30, TimeUnit.SECONDS) - killedAtNs;

            System.out.printf("lock hand-over after the holder's peer was killed: %d ms (session timeout %d ms)%n",
                    waitedNs / 1_000_000, SESSION_TIMEOUT.toMillis());
            assertThat(Duration.ofNanos(waitedNs)).isLessThanOrEqualTo(SESSION_TIMEOUT.plus(TICK).plus(SLACK));
            assertThat(held.fencingToken()).isPositive();
        }
    }

    @Test
    void shouldTellACutOffHolderBeforeTheLockPassesToAWaiterOnTheMajoritySide() throws Exception {
        try (TestEnsemble e = TestEnsemble.start(3, TestEnsemble.Options.quick(null, Duration.ofSeconds(10)))) {
            int holderPeer = e.followerId();
            int waiterPeer = e.leaderId();
            Session holderSession = e.peer(holderPeer).openSession(SESSION_TIMEOUT);
            Lock holder = new Lock(holderSession, "/locks/cut");
            Lock waiter = new Lock(e.peer(waiterPeer).openSession(Duration.ofSeconds(10)), "/locks/cut");
            BlockingQueue<SessionState> lost = new LinkedBlockingQueue<>();
            BlockingQueue<Long> lostAtNs = new LinkedBlockingQueue<>();
            holder.addListener((hold, cause) -> {
                lost.add(cause);
                lostAtNs.add(System.nanoTime());
            });
            Grant held = holder.lock();
            CompletableFuture<Long> acquiredAtNs = acquireInBackground(waiter);
            Await.until(() -> e.peer(waiterPeer).getChildren("/locks/cut").size() == 2, "the waiter queued");

            long isolatedAtNs = System.nanoTime();
            e.isolate(holderPeer);

            assertThat(lost.poll(30, TimeUnit.SECONDS)).isEqualTo(SessionState.SUSPENDED);
            assertThat(held.isValid()).isFalse();
            long acquired = acquiredAtNs.get(30, TimeUnit.SECONDS);
            assertThat(lostAtNs.peek()).as("the cut-off holder was told before the waiter acquired").isLessThan(acquired);
            System.out.printf("cut-off holder told after %d ms; waiter acquired after %d ms%n",
                    (lostAtNs.peek() - isolatedAtNs) / 1_000_000, (acquired - isolatedAtNs) / 1_000_000);
            assertThat(Duration.ofNanos(acquired - isolatedAtNs)).isLessThanOrEqualTo(SESSION_TIMEOUT.plus(TICK).plus(SLACK));
            assertThat(lost.poll(30, TimeUnit.SECONDS)).isEqualTo(SessionState.LOST);

            e.heal();
            assertThat(lost.poll(30, TimeUnit.SECONDS)).isEqualTo(SessionState.EXPIRED);
            held.close();                                      // releasing a lost hold is harmless
        }
    }

    @Test
    void shouldRestoreTheHoldWhenTheSessionRidesOutALeaderChange() throws Exception {
        try (TestEnsemble e = TestEnsemble.start(3, TestEnsemble.Options.quick(null, Duration.ofSeconds(10)))) {
            int leader = e.leaderId();
            int holderPeer = e.followerId();
            int otherPeer = 6 - leader - holderPeer;
            Lock holder = new Lock(e.peer(holderPeer).openSession(Duration.ofSeconds(20)), "/locks/ride");
            Lock other = new Lock(e.peer(otherPeer).openSession(Duration.ofSeconds(20)), "/locks/ride");
            BlockingQueue<String> told = new LinkedBlockingQueue<>();
            holder.addListener(new LockListener() {
                @Override
                public void lockLost(Hold hold, SessionState cause) {
                    told.add("lost " + cause);
                }

                @Override
                public void lockRestored(Hold hold) {
                    told.add("restored");
                }
            });
            Grant held = holder.lock();

            e.kill(leader);
            assertThat(told.poll(30, TimeUnit.SECONDS)).isEqualTo("lost SUSPENDED");
            assertThat(told.poll(30, TimeUnit.SECONDS)).isEqualTo("restored");
            assertThat(held.isValid()).isTrue();
            assertThat(other.tryLock(Duration.ofMillis(200))).as("nobody else took it meanwhile").isNull();
            held.close();
            try (Grant next = other.tryLock(Duration.ofSeconds(10))) {
                assertThat(next).isNotNull();
                assertThat(next.fencingToken()).isGreaterThan(held.fencingToken());
            }
        }
    }

    @Test
    void shouldReleaseTheLockOfAStandaloneSessionWhoseApplicationStopsKeepingItAlive() throws Exception {
        try (Coordinator coord = Coordinator.builder().tick(TICK).start()) {
            Session stalled = coord.openSession(SESSION_TIMEOUT, Session.KeepAlive.MANUAL);
            Lock holder = new Lock(stalled, "/locks/stalled");
            Lock waiter = new Lock(coord.openSession(Duration.ofSeconds(10)), "/locks/stalled");
            BlockingQueue<SessionState> lost = new LinkedBlockingQueue<>();
            holder.addListener((hold, cause) -> lost.add(cause));
            holder.lock();
            CompletableFuture<Long> acquiredAtNs = acquireInBackground(waiter);
            stalled.keepAlive();
            long lastKeepAliveNs = System.nanoTime();

            long waitedNs = acquiredAtNs.get(30, TimeUnit.SECONDS) - lastKeepAliveNs;
            assertThat(Duration.ofNanos(waitedNs)).isBetween(SESSION_TIMEOUT.minus(TICK), SESSION_TIMEOUT.plus(TICK).plus(SLACK));
            assertThat(lost.poll(30, TimeUnit.SECONDS)).isEqualTo(SessionState.EXPIRED);
        }
    }

    @Test
    void shouldGiveUpATryLockWhileSuspendedAndLeaveNoNodeBehind() throws Exception {
        try (TestEnsemble e = TestEnsemble.start(3, TestEnsemble.Options.quick(null, Duration.ofSeconds(10)))) {
            int cutPeer = e.followerId();
            int otherPeer = e.leaderId();
            Session session = e.peer(cutPeer).openSession(Duration.ofSeconds(20));
            BlockingQueue<SessionState> states = new LinkedBlockingQueue<>();
            session.addSessionListener(states::add);
            Lock cut = new Lock(session, "/locks/suspended");
            try (Grant warm = cut.tryLock(Duration.ZERO)) {
                assertThat(warm).as("tryLock(ZERO) on a free lock still makes its one write").isNotNull();
            }

            e.isolate(cutPeer);
            assertThat(states.poll(30, TimeUnit.SECONDS)).isEqualTo(SessionState.SUSPENDED);
            long start = System.nanoTime();
            assertThat(cut.tryLock(Duration.ofMillis(300))).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by the timeout, not the request timeout")
                    .isLessThan(Duration.ofSeconds(3));

            e.heal();
            assertThat(states.poll(30, TimeUnit.SECONDS)).isEqualTo(SessionState.RECONNECTED);
            Lock other = new Lock(e.peer(otherPeer).openSession(Duration.ofSeconds(10)), "/locks/suspended");
            try (Grant g = other.tryLock(Duration.ofSeconds(30))) {
                assertThat(g).as("a create that went through after the timeout was cleaned up").isNotNull();
            }
            Await.until(() -> e.peer(otherPeer).getChildren("/locks/suspended").isEmpty(), "no node left behind");
        }
    }

    private static CompletableFuture<Long> acquireInBackground(Lock lock) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Grant g = lock.lock();
                long at = System.nanoTime();
                g.close();
                return at;
            } catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        }, r -> new Thread(r, "waiter").start());
    }
}
