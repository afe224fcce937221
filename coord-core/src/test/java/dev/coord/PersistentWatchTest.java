package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.EventRecorder.Received;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box tests of persistent watches ({@code addWatch}, {@code removeWatches}) on an in-memory
 * {@link Coordinator}, and on a follower of a three-peer ensemble: what each mode fires for, that it
 * stays, one event per change per watcher, orthogonal removal with its removed-event, and bad input.
 *
 * <p>As in {@link WatchTest}, nothing sleeps: absence is proven by a later marker event, which must be
 * the very next delivery because a session's events arrive in zxid order.
 */
class PersistentWatchTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Coordinator coord;
    private int markers;

    @BeforeEach
    void startCoordinator() {
        coord = Coordinator.builder().start();
    }

    @AfterEach
    void closeCoordinator() {
        coord.close();
    }

    @Test
    void shouldFirePersistentWatchForEveryChangeOfItsPathAndStayRegistered() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        session.addWatch("/a", recorder.watcher("p"), AddWatchMode.PERSISTENT);

        long created = czxidOf(coord.create("/a", bytes("1"), CreateMode.PERSISTENT));
        assertEvent(recorder.nextEvent(), "p", EventType.NODE_CREATED, "/a", created);
        long set = coord.setData("/a", bytes("2"), -1).mzxid();
        assertEvent(recorder.nextEvent(), "p", EventType.NODE_DATA_CHANGED, "/a", set);
        long child = czxidOf(coord.create("/a/c", null, CreateMode.PERSISTENT));
        assertEvent(recorder.nextEvent(), "p", EventType.NODE_CHILDREN_CHANGED, "/a", child);
        coord.setData("/a/c", bytes("x"), -1);
        coord.delete("/a/c", -1);
        long childDeleted = coord.exists("/a").pzxid();
        assertEvent(recorder.nextEvent(), "p", EventType.NODE_CHILDREN_CHANGED, "/a", childDeleted);
        coord.delete("/a", -1);
        assertThat(recorder.nextEvent().event().type()).isEqualTo(EventType.NODE_DELETED);
        long again = czxidOf(coord.create("/a", null, CreateMode.PERSISTENT));
        assertEvent(recorder.nextEvent(), "p", EventType.NODE_CREATED, "/a", again);
        assertNothingElseDelivered(session, recorder);
    }

    @Test
    void shouldFireRecursiveWatchForTheWholeSubtreeWithTheChangedPathAndNoChildEvents() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        session.addWatch("/r", recorder.watcher("r"), AddWatchMode.PERSISTENT_RECURSIVE);

        long r = czxidOf(coord.create("/r", null, CreateMode.PERSISTENT));
        long a = czxidOf(coord.create("/r/a", null, CreateMode.PERSISTENT));
        long b = czxidOf(coord.create("/r/a/b", null, CreateMode.PERSISTENT));
        coord.create("/rx", null, CreateMode.PERSISTENT);          // a sibling sharing the prefix: not below /r
        coord.create("/other", null, CreateMode.PERSISTENT);
        long set = coord.setData("/r/a/b", bytes("v"), -1).mzxid();
        coord.delete("/r/a/b", -1);
        long deleted = coord.exists("/r/a").pzxid();

        assertEvent(recorder.nextEvent(), "r", EventType.NODE_CREATED, "/r", r);
        assertEvent(recorder.nextEvent(), "r", EventType.NODE_CREATED, "/r/a", a);
        assertEvent(recorder.nextEvent(), "r", EventType.NODE_CREATED, "/r/a/b", b);
        assertEvent(recorder.nextEvent(), "r", EventType.NODE_DATA_CHANGED, "/r/a/b", set);
        assertEvent(recorder.nextEvent(), "r", EventType.NODE_DELETED, "/r/a/b", deleted);
        assertNothingElseDelivered(session, recorder);
    }

    @Test
    void shouldFireRecursiveWatchOnTheRootForEveryNodeAndForContainerCascades() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        session.addWatch("/", recorder.watcher("root"), AddWatchMode.PERSISTENT_RECURSIVE);

        coord.create("/box", null, CreateMode.CONTAINER);
        coord.create("/box/item", null, CreateMode.PERSISTENT);
        coord.delete("/box/item", -1);                              // the emptied container goes in the same txn

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            WatchedEvent e = recorder.nextEvent().event();
            seen.add(e.type() + " " + e.path());
        }
        assertThat(seen).containsExactly("NODE_CREATED /box", "NODE_CREATED /box/item",
                "NODE_DELETED /box/item", "NODE_DELETED /box");
    }

    @Test
    void shouldDeliverOneEventPerChangeToAWatcherRegisteredSeveralWays() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        Watcher same = recorder.watcher("same");
        coord.create("/a", null, CreateMode.PERSISTENT);
        session.addWatch("/a", same, AddWatchMode.PERSISTENT);
        session.addWatch("/", same, AddWatchMode.PERSISTENT_RECURSIVE);
        session.addWatch("/a", same, AddWatchMode.PERSISTENT);        // again: no second registration
        session.getData("/a", same);

        long set = coord.setData("/a", bytes("x"), -1).mzxid();
        assertEvent(recorder.nextEvent(), "same", EventType.NODE_DATA_CHANGED, "/a", set);
        long set2 = coord.setData("/a", bytes("y"), -1).mzxid();      // the one-shot is gone, the persistent ones stay
        assertEvent(recorder.nextEvent(), "same", EventType.NODE_DATA_CHANGED, "/a", set2);
        assertNothingElseDelivered(session, recorder);
    }

    @Test
    void shouldFireEveryWatchingSessionAndKeepSessionsApart() {
        Session one = coord.openSession(TIMEOUT);
        Session two = coord.openSession(TIMEOUT);
        EventRecorder first = new EventRecorder();
        EventRecorder second = new EventRecorder();
        one.addWatch("/s", first.watcher("one"), AddWatchMode.PERSISTENT_RECURSIVE);
        two.addWatch("/s", second.watcher("two"), AddWatchMode.PERSISTENT);

        long created = czxidOf(coord.create("/s", null, CreateMode.PERSISTENT));
        assertEvent(first.nextEvent(), "one", EventType.NODE_CREATED, "/s", created);
        assertEvent(second.nextEvent(), "two", EventType.NODE_CREATED, "/s", created);
        one.removeAllWatches("/s", WatcherType.ANY);
        assertThat(first.nextEvent().event().type()).isEqualTo(EventType.PERSISTENT_WATCH_REMOVED);
        long child = czxidOf(coord.create("/s/c", null, CreateMode.PERSISTENT));
        assertEvent(second.nextEvent(), "two", EventType.NODE_CHILDREN_CHANGED, "/s", child);
        assertNothingElseDelivered(one, first);
    }

    @Test
    void shouldRemoveOnlyTheKindAskedForAndTellTheWatcherAfterItsEarlierEvents() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        Watcher w = recorder.watcher("w");
        coord.create("/a", null, CreateMode.PERSISTENT);
        session.getData("/a", w);
        session.getChildren("/a", w);
        session.addWatch("/a", w, AddWatchMode.PERSISTENT);

        session.removeWatches("/a", w, WatcherType.DATA);
        assertEvent(recorder.nextEvent(), "w", EventType.DATA_WATCH_REMOVED, "/a", coord.status().lastZxid());
        long set = coord.setData("/a", bytes("x"), -1).mzxid();     // only the persistent watch is left for data
        assertEvent(recorder.nextEvent(), "w", EventType.NODE_DATA_CHANGED, "/a", set);

        session.removeWatches("/a", w, WatcherType.PERSISTENT);
        assertThat(recorder.nextEvent().event().type()).isEqualTo(EventType.PERSISTENT_WATCH_REMOVED);
        long child = czxidOf(coord.create("/a/c", null, CreateMode.PERSISTENT)); // the one-shot child watch is still there
        assertEvent(recorder.nextEvent(), "w", EventType.NODE_CHILDREN_CHANGED, "/a", child);
        coord.setData("/a", bytes("y"), -1);
        assertNothingElseDelivered(session, recorder);
    }

    @Test
    void shouldThrowNoWatcherWhenNoWatchMatches() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        Watcher w = recorder.watcher("w");
        session.addWatch("/a", w, AddWatchMode.PERSISTENT_RECURSIVE);

        assertThatThrownBy(() -> session.removeWatches("/a", w, WatcherType.PERSISTENT))
                .isInstanceOf(CoordException.NoWatcherException.class).hasMessageContaining("/a");
        assertThatThrownBy(() -> session.removeWatches("/a", recorder.watcher("other"), WatcherType.ANY))
                .isInstanceOf(CoordException.NoWatcherException.class);
        assertThatThrownBy(() -> coord.removeAllWatches("/a", WatcherType.ANY))
                .as("another session's watches are not this session's to remove")
                .isInstanceOf(CoordException.NoWatcherException.class);
        session.removeWatches("/a", w, WatcherType.PERSISTENT_RECURSIVE);
        assertThat(recorder.nextEvent().event().type()).isEqualTo(EventType.PERSISTENT_WATCH_REMOVED);
    }

    @Test
    void shouldRejectBadArguments() {
        Watcher w = event -> { };
        assertThatThrownBy(() -> coord.addWatch("no-slash", w, AddWatchMode.PERSISTENT))
                .isInstanceOf(CoordException.BadArgumentsException.class);
        assertThatThrownBy(() -> coord.addWatch("/a", null, AddWatchMode.PERSISTENT))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("watcher");
        assertThatThrownBy(() -> coord.addWatch("/a", w, null))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("mode");
        assertThatThrownBy(() -> coord.removeWatches("/a", w, null))
                .isInstanceOf(CoordException.BadArgumentsException.class);
    }

    @Test
    void shouldStopFiringWhenTheSessionCloses() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        session.addWatch("/", recorder.watcher("w"), AddWatchMode.PERSISTENT_RECURSIVE);
        session.addSessionListener(recorder.listener("state"));
        session.create("/mine", null, CreateMode.EPHEMERAL);
        assertThat(recorder.nextEvent().event().path()).isEqualTo("/mine");

        session.close();
        assertThat(recorder.next().state()).as("its own ephemeral's deletion does not fire").isEqualTo(SessionState.CLOSED);
        coord.create("/after", null, CreateMode.PERSISTENT);
        Session witness = coord.openSession(TIMEOUT);
        EventRecorder witnessed = new EventRecorder();
        witness.exists("/later", witnessed.watcher("later"));
        coord.create("/later", null, CreateMode.PERSISTENT);
        witnessed.nextEvent();
        assertThat(recorder.untaken()).isEmpty();
    }

    @Test
    void shouldFireOnAFollowerForWritesMadeThroughAnyPeer(@TempDir Path dir) throws Exception {
        try (Ensemble e = new Ensemble(dir, 3, Set.of(), 1000).startAll()) {
            int leader = e.leader();
            int follower = leader == 1 ? 2 : 1;
            int other = 6 - leader - follower;
            Session watching = e.peers.get(follower).openSession(TIMEOUT);
            EventRecorder recorder = new EventRecorder();
            watching.addWatch("/cfg", recorder.watcher("cfg"), AddWatchMode.PERSISTENT_RECURSIVE);

            e.peers.get(leader).create("/cfg", null, CreateMode.PERSISTENT);
            e.peers.get(other).create("/cfg/x", bytes("1"), CreateMode.PERSISTENT);
            e.peers.get(leader).setData("/cfg/x", bytes("2"), -1);
            e.peers.get(other).delete("/cfg/x", -1);

            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                WatchedEvent ev = recorder.nextEvent().event();
                seen.add(ev.type() + " " + ev.path());
            }
            assertThat(seen).containsExactly("NODE_CREATED /cfg", "NODE_CREATED /cfg/x",
                    "NODE_DATA_CHANGED /cfg/x", "NODE_DELETED /cfg/x");

            e.kill(leader);                                             // the watch lives on the follower's peer
            Ensemble.await(() -> e.leader() > 0, Duration.ofSeconds(30), "a new leader");
            e.peers.get(other).create("/cfg/after-failover", null, CreateMode.PERSISTENT);
            WatchedEvent after = recorder.nextEvent().event();
            assertThat(after.type() + " " + after.path()).isEqualTo("NODE_CREATED /cfg/after-failover");
        }
    }

    @Test
    void shouldFireWatchesForTheChangesAFollowerSkipsByInstallingASnapshot(@TempDir Path dir) throws Exception {
        try (Ensemble e = new Ensemble(dir, 3, Set.of(), 20).startAll()) {
            int leader = e.leader();
            int follower = leader == 1 ? 2 : 1;
            Coordinator writer = e.peers.get(6 - leader - follower);
            writer.create("/j", null, CreateMode.PERSISTENT);
            writer.create("/j/changed", null, CreateMode.PERSISTENT);
            writer.create("/j/gone", null, CreateMode.PERSISTENT);
            Session watching = e.peers.get(follower).openSession(Duration.ofSeconds(60));
            watching.sync("/");
            EventRecorder recorder = new EventRecorder();
            watching.addSessionListener(recorder.listener("state"));
            watching.addWatch("/j", recorder.watcher("tree"), AddWatchMode.PERSISTENT_RECURSIVE);
            assertThat(watching.exists("/j/new", recorder.watcher("exists"))).isNull();
            watching.getData("/j/changed", recorder.watcher("data"));

            e.partition(Set.of(follower));
            recorder.awaitState(SessionState.SUSPENDED, Duration.ofSeconds(30));
            for (int i = 0; i < 50; i++) {                        // more than the leader's DIFF window of 20
                writer.create("/pad-" + i, null, CreateMode.PERSISTENT);
            }
            writer.setData("/j/changed", bytes("v"), -1);
            writer.delete("/j/gone", -1);
            writer.create("/j/new", null, CreateMode.PERSISTENT);
            e.heal();
            recorder.awaitState(SessionState.RECONNECTED, Duration.ofSeconds(30));

            long snapshotZxid = e.peers.get(follower).status().lastZxid();
            List<String> seen = new ArrayList<>();
            for (Received r : recorder.awaitEvents(5, Duration.ofSeconds(10))) {
                seen.add(r.tag() + " " + r.event().type() + " " + r.event().path());
                assertThat(r.event().zxid()).isLessThanOrEqualTo(snapshotZxid);
            }
            assertThat(seen).containsExactlyInAnyOrder("tree NODE_DELETED /j/gone", "tree NODE_CREATED /j/new",
                    "exists NODE_CREATED /j/new", "data NODE_DATA_CHANGED /j/changed", "tree NODE_DATA_CHANGED /j/changed");
        }
    }

    // ---------------------------------------------------------------- helpers

    private long czxidOf(String path) {
        return coord.exists(path).czxid();
    }

    private static void assertEvent(Received received, String tag, EventType type, String path, long zxid) {
        assertThat(received.tag() + " " + received.event())
                .as("delivery %s", received)
                .isEqualTo(tag + " " + new WatchedEvent(type, path, zxid));
    }

    /** Proves that {@code recorder} got nothing more so far (see {@link WatchTest}). */
    private void assertNothingElseDelivered(CoordClient session, EventRecorder recorder) {
        String marker = "/marker-" + (++markers);
        session.exists(marker, recorder.watcher("marker"));
        coord.create(marker, null, CreateMode.PERSISTENT);
        long czxid = coord.exists(marker).czxid();
        Received next = recorder.next();
        assertThat(next.tag() + " " + next.event())
                .as("the next delivery must be the marker; anything before it was not expected")
                .isEqualTo("marker " + new WatchedEvent(EventType.NODE_CREATED, marker, czxid));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
