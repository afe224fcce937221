package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.EventRecorder.Received;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Black-box tests of one-shot watches on an in-memory {@link Coordinator}: which reads leave which
 * watches, which writes fire them, the zxid they carry, once-only firing, per-session ordering and
 * threading, the no-gap rule, and what closing a session does to watches and ephemerals.
 *
 * <p>Nothing here sleeps: tests wait for deliveries with a deadline ({@link EventRecorder#DEADLINE}),
 * and prove that something was NOT delivered by triggering a later marker event in the same session,
 * which must then be the very next delivery (a session's events arrive in zxid order).
 */
class WatchTest {
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

    /** The read that leaves a watch. */
    enum Read {
        EXISTS, GET_DATA, GET_CHILDREN;

        void watch(CoordClient client, String path, Watcher watcher) {
            switch (this) {
                case EXISTS -> client.exists(path, watcher);
                case GET_DATA -> client.getData(path, watcher);
                case GET_CHILDREN -> client.getChildren(path, watcher);
                default -> throw new IllegalStateException();
            }
        }
    }

    // ---------------------------------------------------------------- each event type

    @Test
    void shouldFireNodeCreatedOnceWhenAMissingNodeWatchedByExistsIsCreated() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();

        assertThat(session.exists("/a", recorder.watcher("w"))).isNull();
        coord.create("/a", bytes("x"), CreateMode.PERSISTENT);

        assertEvent(recorder.nextEvent(), "w", EventType.NODE_CREATED, "/a", coord.exists("/a").czxid());
        coord.setData("/a", bytes("y"), -1);
        coord.delete("/a", -1);
        coord.create("/a", null, CreateMode.PERSISTENT);
        assertNothingElseDelivered(session, recorder);
    }

    @ParameterizedTest
    @EnumSource(Read.class)
    void shouldFireNodeDeletedOnceWhenAWatchedNodeIsDeleted(Read read) {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/a", bytes("x"), CreateMode.PERSISTENT);

        read.watch(session, "/a", recorder.watcher("w"));
        coord.delete("/a", -1);
        long deleteZxid = coord.status().lastZxid();

        assertEvent(recorder.nextEvent(), "w", EventType.NODE_DELETED, "/a", deleteZxid);
        coord.create("/a", null, CreateMode.PERSISTENT);
        coord.create("/a/child", null, CreateMode.PERSISTENT);
        coord.delete("/a/child", -1);
        coord.delete("/a", -1);
        assertNothingElseDelivered(session, recorder);
    }

    @ParameterizedTest
    @EnumSource(value = Read.class, names = {"EXISTS", "GET_DATA"})
    void shouldFireNodeDataChangedOnceWhenAWatchedNodesDataIsSet(Read read) {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/a", bytes("x"), CreateMode.PERSISTENT);

        read.watch(session, "/a", recorder.watcher("w"));
        Stat changed = coord.setData("/a", bytes("y"), -1);

        assertEvent(recorder.nextEvent(), "w", EventType.NODE_DATA_CHANGED, "/a", changed.mzxid());
        coord.setData("/a", bytes("z"), -1);
        coord.delete("/a", -1);
        assertNothingElseDelivered(session, recorder);
    }

    @Test
    void shouldFireChildWatchOnceWhenChildCreated() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/p", null, CreateMode.PERSISTENT);

        assertThat(session.getChildren("/p", recorder.watcher("w"))).isEmpty();
        coord.create("/p/x", null, CreateMode.EPHEMERAL);

        assertEvent(recorder.nextEvent(), "w", EventType.NODE_CHILDREN_CHANGED, "/p", coord.exists("/p").pzxid());
        coord.create("/p/y", null, CreateMode.PERSISTENT);
        coord.delete("/p/x", -1);
        assertNothingElseDelivered(session, recorder);
    }

    @Test
    void shouldFireChildWatchOnceWhenChildDeleted() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/p", null, CreateMode.PERSISTENT);
        coord.create("/p/x", null, CreateMode.PERSISTENT);
        coord.create("/p/y", null, CreateMode.PERSISTENT);

        assertThat(session.getChildren("/p", recorder.watcher("w"))).containsExactly("x", "y");
        coord.delete("/p/x", -1);

        assertEvent(recorder.nextEvent(), "w", EventType.NODE_CHILDREN_CHANGED, "/p", coord.exists("/p").pzxid());
        coord.delete("/p/y", -1);
        coord.create("/p/z", null, CreateMode.PERSISTENT);
        assertNothingElseDelivered(session, recorder);
    }

    @Test
    void shouldFireChildWatchForSequentialChildrenWithTheParentsPzxid() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/q", null, CreateMode.PERSISTENT);

        session.getChildren("/q", recorder.watcher("w"));
        String created = coord.create("/q/item-", null, CreateMode.EPHEMERAL_SEQUENTIAL);

        assertThat(created).isEqualTo("/q/item-0000000000");
        assertEvent(recorder.nextEvent(), "w", EventType.NODE_CHILDREN_CHANGED, "/q", coord.exists("/q").pzxid());
        assertNothingElseDelivered(session, recorder);
    }

    @Test
    void shouldNotFireChildWatchWhenOnlyTheNodesDataChanges() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/p", null, CreateMode.PERSISTENT);

        session.getChildren("/p", recorder.watcher("children"));
        coord.setData("/p", bytes("new"), -1);
        assertNothingElseDelivered(session, recorder);

        coord.create("/p/x", null, CreateMode.PERSISTENT);
        assertEvent(recorder.nextEvent(), "children", EventType.NODE_CHILDREN_CHANGED, "/p", coord.exists("/p").pzxid());
    }

    @ParameterizedTest
    @EnumSource(value = Read.class, names = {"EXISTS", "GET_DATA"})
    void shouldNotFireDataWatchWhenOnlyTheNodesChildrenChange(Read read) {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/p", null, CreateMode.PERSISTENT);

        read.watch(session, "/p", recorder.watcher("data"));
        coord.create("/p/x", null, CreateMode.PERSISTENT);
        coord.delete("/p/x", -1);
        assertNothingElseDelivered(session, recorder);

        Stat changed = coord.setData("/p", bytes("new"), -1);
        assertEvent(recorder.nextEvent(), "data", EventType.NODE_DATA_CHANGED, "/p", changed.mzxid());
    }

    // ---------------------------------------------------------------- instances and registrations

    @Test
    void shouldDeliverOneEventPerChangeToAWatcherRegisteredByExistsAndGetData() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/d", bytes("0"), CreateMode.PERSISTENT);
        Watcher same = recorder.watcher("same");

        session.exists("/d", same);
        session.getData("/d", same);
        Stat changed = coord.setData("/d", bytes("1"), -1);

        assertEvent(recorder.nextEvent(), "same", EventType.NODE_DATA_CHANGED, "/d", changed.mzxid());
        assertNothingElseDelivered(session, recorder);

        session.exists("/d", same);
        session.getData("/d", same);
        coord.delete("/d", -1);
        assertEvent(recorder.nextEvent(), "same", EventType.NODE_DELETED, "/d", coord.status().lastZxid());
        assertNothingElseDelivered(session, recorder);
    }

    @Test
    void shouldFireEveryWatcherInstanceOncePerChange() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/d", bytes("0"), CreateMode.PERSISTENT);

        session.exists("/d", recorder.watcher("first"));
        session.getData("/d", recorder.watcher("second"));
        Stat changed = coord.setData("/d", bytes("1"), -1);

        List<Received> two = List.of(recorder.nextEvent(), recorder.nextEvent());
        assertThat(two).extracting(Received::tag).containsExactlyInAnyOrder("first", "second");
        assertThat(two).extracting(Received::event)
                .containsOnly(new WatchedEvent(EventType.NODE_DATA_CHANGED, "/d", changed.mzxid()));
        assertNothingElseDelivered(session, recorder);
    }

    @Test
    void shouldKeepWatchesOfDifferentSessionsApart() {
        Session first = coord.openSession(TIMEOUT);
        Session second = coord.openSession(TIMEOUT);
        EventRecorder firstRecorder = new EventRecorder();
        EventRecorder secondRecorder = new EventRecorder();
        coord.create("/d", bytes("0"), CreateMode.PERSISTENT);
        Watcher shared = firstRecorder.watcher("shared");

        first.getData("/d", shared);
        second.getData("/d", secondRecorder.watcher("second"));
        Stat changed = coord.setData("/d", bytes("1"), -1);

        assertEvent(firstRecorder.nextEvent(), "shared", EventType.NODE_DATA_CHANGED, "/d", changed.mzxid());
        assertEvent(secondRecorder.nextEvent(), "second", EventType.NODE_DATA_CHANGED, "/d", changed.mzxid());
        assertNothingElseDelivered(first, firstRecorder);
        assertNothingElseDelivered(second, secondRecorder);
    }

    @Test
    void shouldLeaveNoWatchWhenGetDataWithWatcherFindsNoNode() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();

        assertThatThrownBy(() -> session.getData("/nope", recorder.watcher("nope")))
                .isInstanceOf(CoordException.NoNodeException.class);
        coord.create("/nope", null, CreateMode.PERSISTENT);
        coord.setData("/nope", bytes("x"), -1);
        coord.delete("/nope", -1);

        assertNothingElseDelivered(session, recorder);
    }

    @Test
    void shouldLeaveNoWatchWhenGetChildrenWithWatcherFindsNoNode() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();

        assertThatThrownBy(() -> session.getChildren("/nope", recorder.watcher("nope")))
                .isInstanceOf(CoordException.NoNodeException.class);
        coord.create("/nope", null, CreateMode.PERSISTENT);
        coord.create("/nope/child", null, CreateMode.PERSISTENT);
        coord.delete("/nope/child", -1);
        coord.delete("/nope", -1);

        assertNothingElseDelivered(session, recorder);
    }

    // ---------------------------------------------------------------- multi and containers

    @Test
    void shouldFireTheWatchesOfEveryChangeOfAMultiWithTheMultisZxid() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/m", bytes("0"), CreateMode.PERSISTENT);
        coord.create("/gone", null, CreateMode.PERSISTENT);

        session.exists("/m/new", recorder.watcher("created"));
        session.getData("/m", recorder.watcher("data"));
        session.getChildren("/m", recorder.watcher("children"));
        session.exists("/gone", recorder.watcher("deleted"));
        List<OpResult> results = coord.multi(List.of(
                Op.create("/m/new", null, CreateMode.PERSISTENT),
                Op.setData("/m", bytes("1"), 0),
                Op.delete("/gone", 0)));
        long multiZxid = ((OpResult.SetData) results.get(1)).stat().mzxid();

        List<Received> four = List.of(recorder.nextEvent(), recorder.nextEvent(), recorder.nextEvent(), recorder.nextEvent());
        assertThat(four).extracting(r -> r.tag() + " " + r.event()).containsExactlyInAnyOrder(
                "created " + new WatchedEvent(EventType.NODE_CREATED, "/m/new", multiZxid),
                "data " + new WatchedEvent(EventType.NODE_DATA_CHANGED, "/m", multiZxid),
                "children " + new WatchedEvent(EventType.NODE_CHILDREN_CHANGED, "/m", multiZxid),
                "deleted " + new WatchedEvent(EventType.NODE_DELETED, "/gone", multiZxid));
        assertThat(coord.status().lastZxid()).isEqualTo(multiZxid);
        assertNothingElseDelivered(session, recorder);
    }

    @Test
    void shouldFireNothingForAFailedMulti() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/m", bytes("0"), CreateMode.PERSISTENT);

        session.exists("/m/new", recorder.watcher("created"));
        session.getData("/m", recorder.watcher("data"));
        session.getChildren("/m", recorder.watcher("children"));
        assertThatThrownBy(() -> coord.multi(List.of(
                Op.create("/m/new", null, CreateMode.PERSISTENT),
                Op.setData("/m", bytes("1"), 0),
                Op.check("/m", 7))))
                .isInstanceOf(CoordException.BadVersionException.class);

        assertNothingElseDelivered(session, recorder);
    }

    @Test
    void shouldFireWatchesOfAContainerDeletedBecauseItsLastChildWasDeleted() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/outer", null, CreateMode.CONTAINER);
        coord.create("/outer/inner", null, CreateMode.CONTAINER);
        coord.create("/outer/inner/leaf", null, CreateMode.PERSISTENT);

        session.exists("/outer", recorder.watcher("outer"));
        session.getData("/outer/inner", recorder.watcher("inner"));
        session.getChildren("/", recorder.watcher("root"));
        coord.delete("/outer/inner/leaf", -1);
        long deleteZxid = coord.status().lastZxid();

        List<Received> three = List.of(recorder.nextEvent(), recorder.nextEvent(), recorder.nextEvent());
        assertThat(three).extracting(r -> r.tag() + " " + r.event()).containsExactlyInAnyOrder(
                "outer " + new WatchedEvent(EventType.NODE_DELETED, "/outer", deleteZxid),
                "inner " + new WatchedEvent(EventType.NODE_DELETED, "/outer/inner", deleteZxid),
                "root " + new WatchedEvent(EventType.NODE_CHILDREN_CHANGED, "/", deleteZxid));
        assertThat(coord.exists("/outer")).isNull();
        assertNothingElseDelivered(session, recorder);
    }

    // ---------------------------------------------------------------- ordering and threads

    @Test
    void shouldDeliverASessionsEventsInZxidOrderAcrossPathsAndWatchers() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/o", null, CreateMode.PERSISTENT);
        int count = 40;
        List<CreateOrChange> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String node = "/o/n" + i;
            String tag = "w" + i;
            switch (i % 4) {
                case 0 -> {
                    session.exists(node, recorder.watcher(tag));
                    writes.add(new CreateOrChange(tag, EventType.NODE_CREATED, node,
                            () -> coord.createAsync(node, null, CreateMode.PERSISTENT, 0)));
                }
                case 1 -> {
                    coord.create(node, null, CreateMode.PERSISTENT);
                    session.getData(node, recorder.watcher(tag));
                    writes.add(new CreateOrChange(tag, EventType.NODE_DATA_CHANGED, node,
                            () -> coord.setDataAsync(node, bytes("v"), -1)));
                }
                case 2 -> {
                    coord.create(node, null, CreateMode.PERSISTENT);
                    session.getChildren(node, recorder.watcher(tag));
                    writes.add(new CreateOrChange(tag, EventType.NODE_CHILDREN_CHANGED, node,
                            () -> coord.createAsync(node + "/c", null, CreateMode.PERSISTENT, 0)));
                }
                default -> {
                    coord.create(node, null, CreateMode.PERSISTENT);
                    session.exists(node, recorder.watcher(tag));
                    writes.add(new CreateOrChange(tag, EventType.NODE_DELETED, node, () -> coord.deleteAsync(node, -1)));
                }
            }
        }
        Collections.shuffle(writes, new Random(4242));

        // Issued without waiting: one session's operations take effect in the order they were issued.
        long zxidBefore = coord.status().lastZxid();
        List<CompletableFuture<?>> futures = new ArrayList<>();
        for (CreateOrChange write : writes) {
            futures.add(write.issue().get());
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).orTimeout(10, TimeUnit.SECONDS).join();

        for (int k = 0; k < count; k++) {
            CreateOrChange write = writes.get(k);
            assertEvent(recorder.nextEvent(), write.tag(), write.type(), write.path(), zxidBefore + k + 1);
        }
        assertNothingElseDelivered(session, recorder);
    }

    private record CreateOrChange(String tag, EventType type, String path,
                                  Supplier<CompletableFuture<?>> issue) {
    }

    @Test
    void shouldDeliverEventsInZxidOrderWhileTwoSessionsWriteConcurrently() throws Exception {
        Session watching = coord.openSession(TIMEOUT);
        Session writerA = coord.openSession(TIMEOUT);
        Session writerB = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        int perWriter = 50;
        for (int i = 0; i < perWriter; i++) {
            watching.exists("/a" + i, recorder.watcher("a" + i));
            watching.exists("/b" + i, recorder.watcher("b" + i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            Future<?> a = threads.submit(() -> writeAll(go, writerA, "/a", perWriter));
            Future<?> b = threads.submit(() -> writeAll(go, writerB, "/b", perWriter));
            go.countDown();
            a.get(10, TimeUnit.SECONDS);
            b.get(10, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        List<Received> events = new ArrayList<>();
        Set<String> expectedPaths = new HashSet<>();
        for (int i = 0; i < 2 * perWriter; i++) {
            events.add(recorder.nextEvent());
        }
        for (int i = 0; i < perWriter; i++) {
            expectedPaths.add("/a" + i);
            expectedPaths.add("/b" + i);
        }
        assertThat(events).extracting(r -> r.event().path()).containsExactlyInAnyOrderElementsOf(expectedPaths);
        for (Received r : events) {
            assertThat(r.event().zxid()).as("zxid of %s", r).isEqualTo(coord.exists(r.event().path()).czxid());
        }
        assertThat(events).extracting(r -> r.event().zxid()).isSorted().doesNotHaveDuplicates();
        assertNothingElseDelivered(watching, recorder);
    }

    private static Void writeAll(CountDownLatch go, Session writer, String prefix, int count) throws InterruptedException {
        go.await();
        for (int i = 0; i < count; i++) {
            writer.create(prefix + i, null, CreateMode.PERSISTENT);
        }
        return null;
    }

    @Test
    void shouldDeliverAllEventsOfASessionOnOneThreadThatIsNotTheCallers() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        session.addSessionListener(recorder.listener("listener"));
        coord.create("/t", null, CreateMode.PERSISTENT);

        session.exists("/t/missing", recorder.watcher("created"));
        session.getData("/t", recorder.watcher("data"));
        session.getChildren("/t", recorder.watcher("children"));
        session.exists("/t", recorder.watcher("exists"));
        session.create("/t/missing", null, CreateMode.PERSISTENT);
        session.setData("/t", bytes("x"), -1);
        session.close();

        List<Received> deliveries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            deliveries.add(recorder.next());
        }
        assertThat(deliveries).extracting(Received::tag).containsExactlyInAnyOrder(
                "created", "children", "data", "exists", "listener");
        assertThat(deliveries.get(4).state()).as("the listener's CLOSED comes after the watch events").isEqualTo(SessionState.CLOSED);
        Set<Thread> threads = new HashSet<>();
        deliveries.forEach(r -> threads.add(r.thread()));
        assertThat(threads).as("threads that delivered %s", deliveries).hasSize(1).doesNotContain(Thread.currentThread());
    }

    // ---------------------------------------------------------------- no gap

    @ParameterizedTest
    @EnumSource(Read.class)
    void shouldFireForTheFirstChangeAfterTheWatchingReadEvenWhenAnotherSessionWritesRightAfter(Read read) throws Exception {
        Session reader = coord.openSession(TIMEOUT);
        Session writer = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/gap", bytes("0"), CreateMode.PERSISTENT);
        ExecutorService writerThread = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 100; i++) {
                int round = i;
                CountDownLatch go = new CountDownLatch(1);
                Future<Long> first = writerThread.submit(() -> {
                    go.await();
                    return change(writer, read, round, 'a');
                });
                go.countDown();
                Seen seen = watchingRead(reader, read, recorder.watcher("round" + i));
                long firstZxid = first.get(10, TimeUnit.SECONDS);
                long secondZxid = change(writer, read, round, 'b');

                boolean readSawFirst = read == Read.GET_CHILDREN ? seen.children().contains("r" + i + "a")
                        : seen.mzxid() >= firstZxid;
                Received event = recorder.nextEvent();
                assertThat(event.tag()).as("round %d: the event of this round's watch", i).isEqualTo("round" + i);
                assertThat(event.event().zxid())
                        .as("round %d: the read %s the first write (zxid %d); the second write was zxid %d", i,
                                readSawFirst ? "saw" : "did not see", firstZxid, secondZxid)
                        .isEqualTo(readSawFirst ? secondZxid : firstZxid);
            }
        } finally {
            writerThread.shutdownNow();
        }
        assertNothingElseDelivered(reader, recorder);
    }

    /** What a watching read of /gap returned: the data's mzxid (or -1), the children (or empty). */
    private record Seen(long mzxid, List<String> children) {
    }

    private static Seen watchingRead(Session reader, Read read, Watcher watcher) {
        return switch (read) {
            case EXISTS -> new Seen(reader.exists("/gap", watcher).mzxid(), List.of());
            case GET_DATA -> new Seen(reader.getData("/gap", watcher).stat().mzxid(), List.of());
            case GET_CHILDREN -> new Seen(-1, reader.getChildren("/gap", watcher));
        };
    }

    /** A change that fires the watch {@code read} leaves on /gap; returns its zxid. */
    private static long change(Session writer, Read read, int round, char which) {
        if (read == Read.GET_CHILDREN) {
            String child = "/gap/r" + round + which;
            writer.create(child, null, CreateMode.PERSISTENT);
            return writer.exists(child).czxid();
        }
        return writer.setData("/gap", bytes(round + "" + which), -1).mzxid();
    }

    // ---------------------------------------------------------------- closing sessions

    @Test
    void shouldNeverFireWatchesOfAClosedSession() {
        Session closing = coord.openSession(TIMEOUT);
        EventRecorder closedRecorder = new EventRecorder();
        closing.addSessionListener(closedRecorder.listener("listener"));
        coord.create("/c", bytes("0"), CreateMode.PERSISTENT);
        coord.create("/c/x", null, CreateMode.PERSISTENT);
        closing.exists("/c", closedRecorder.watcher("exists"));
        closing.getData("/c", closedRecorder.watcher("data"));
        closing.getChildren("/c", closedRecorder.watcher("children"));
        closing.exists("/missing", closedRecorder.watcher("missing"));

        closing.close();
        assertThat(closedRecorder.next().state()).isEqualTo(SessionState.CLOSED);

        Session witness = coord.openSession(TIMEOUT);
        EventRecorder witnessRecorder = new EventRecorder();
        witness.getData("/c", witnessRecorder.watcher("witness"));
        coord.create("/missing", null, CreateMode.PERSISTENT);
        coord.delete("/c/x", -1);
        Stat changed = coord.setData("/c", bytes("1"), -1);
        coord.delete("/c", -1);
        // The witness's event proves the writes were applied and their watches triggered; a marker in the
        // witness session then proves all of their events were dispatched.
        assertEvent(witnessRecorder.nextEvent(), "witness", EventType.NODE_DATA_CHANGED, "/c", changed.mzxid());
        assertNothingElseDelivered(witness, witnessRecorder);

        assertThat(closedRecorder.events()).as("watch events of the closed session").isEmpty();
        assertThat(closedRecorder.deliveries()).extracting(Received::state).containsExactly(SessionState.CLOSED);
    }

    @Test
    void shouldNotFireTheClosingSessionsOwnWatchesWhenItsEphemeralsGo() {
        Session closing = coord.openSession(TIMEOUT);
        Session witness = coord.openSession(TIMEOUT);
        EventRecorder closedRecorder = new EventRecorder();
        EventRecorder witnessRecorder = new EventRecorder();
        closing.addSessionListener(closedRecorder.listener("listener"));
        coord.create("/own", null, CreateMode.PERSISTENT);
        closing.create("/own/e", null, CreateMode.EPHEMERAL);
        closing.exists("/own/e", closedRecorder.watcher("exists"));
        closing.getData("/own/e", closedRecorder.watcher("data"));
        closing.getChildren("/own", closedRecorder.watcher("children"));
        witness.exists("/own/e", witnessRecorder.watcher("witness"));
        long closeZxid = coord.status().lastZxid() + 1;

        closing.close();

        assertEvent(witnessRecorder.nextEvent(), "witness", EventType.NODE_DELETED, "/own/e", closeZxid);
        assertThat(closedRecorder.awaitState(SessionState.CLOSED, EventRecorder.DEADLINE)).isNotNull();
        assertThat(closedRecorder.events())
                .as("watch events of the closed session, also for the ephemerals its own close deleted").isEmpty();
        assertNothingElseDelivered(witness, witnessRecorder);
        assertThat(closedRecorder.deliveries()).extracting(Received::state).containsExactly(SessionState.CLOSED);
    }

    @Test
    void shouldFireDeletedAndChildrenChangedWhenAnotherSessionClosesWithEphemerals() {
        Session owner = coord.openSession(TIMEOUT);
        Session watching = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        coord.create("/p", null, CreateMode.PERSISTENT);
        coord.create("/box", null, CreateMode.CONTAINER);
        coord.create("/keep", null, CreateMode.CONTAINER);
        coord.create("/keep/stays", null, CreateMode.PERSISTENT);
        owner.create("/p/e1", bytes("1"), CreateMode.EPHEMERAL);
        String sequential = owner.create("/p/e-", null, CreateMode.EPHEMERAL_SEQUENTIAL);
        owner.create("/box/e2", null, CreateMode.EPHEMERAL);
        owner.create("/keep/e3", null, CreateMode.EPHEMERAL);

        watching.exists("/p/e1", recorder.watcher("e1 exists"));
        watching.getData(sequential, recorder.watcher("seq data"));
        watching.getChildren("/p", recorder.watcher("p children"));
        watching.exists("/box", recorder.watcher("box exists"));
        watching.getData("/keep", recorder.watcher("keep data"));
        long zxidBefore = coord.status().lastZxid();
        owner.close();
        long closeZxid = zxidBefore + 1;

        assertThat(coord.status().lastZxid()).as("closing a session is one transaction").isEqualTo(closeZxid);
        List<Received> four = List.of(recorder.nextEvent(), recorder.nextEvent(), recorder.nextEvent(), recorder.nextEvent());
        assertThat(four).extracting(r -> r.tag() + " " + r.event()).containsExactlyInAnyOrder(
                "e1 exists " + new WatchedEvent(EventType.NODE_DELETED, "/p/e1", closeZxid),
                "seq data " + new WatchedEvent(EventType.NODE_DELETED, sequential, closeZxid),
                "p children " + new WatchedEvent(EventType.NODE_CHILDREN_CHANGED, "/p", closeZxid),
                "box exists " + new WatchedEvent(EventType.NODE_DELETED, "/box", closeZxid));
        assertNothingElseDelivered(watching, recorder);
        assertThat(coord.getChildren("/p")).isEmpty();
        assertThat(coord.exists("/p").pzxid()).isEqualTo(closeZxid);
        assertThat(coord.exists("/box")).as("a container emptied by the close goes too").isNull();
        assertThat(coord.getChildren("/keep")).containsExactly("stays");
    }

    @Test
    void shouldTellSessionListenersClosedWhenASessionCloses() {
        Session session = coord.openSession(TIMEOUT);
        EventRecorder recorder = new EventRecorder();
        session.addSessionListener(recorder.listener("first"));
        session.addSessionListener(recorder.listener("second"));

        session.close();
        session.close();

        List<Received> two = List.of(recorder.next(), recorder.next());
        assertThat(two).extracting(r -> r.tag() + " " + r.state())
                .containsExactlyInAnyOrder("first CLOSED", "second CLOSED");
        assertThat(session.state()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void shouldTellSessionListenersClosedWhenTheCoordinatorCloses() {
        Coordinator own = Coordinator.builder().start();
        EventRecorder recorder = new EventRecorder();
        Session session = own.openSession(TIMEOUT);
        session.addSessionListener(recorder.listener("session"));
        own.addSessionListener(recorder.listener("default session"));

        own.close();

        List<Received> two = List.of(recorder.next(), recorder.next());
        assertThat(two).extracting(r -> r.tag() + " " + r.state())
                .containsExactlyInAnyOrder("session CLOSED", "default session CLOSED");
        assertThat(session.state()).isEqualTo(SessionState.CLOSED);
    }

    // ---------------------------------------------------------------- isolation of sessions

    @Test
    void shouldNotLetASlowWatcherInOneSessionDelayAnotherSessionsEvents() throws Exception {
        Session slow = coord.openSession(TIMEOUT);
        Session fast = coord.openSession(TIMEOUT);
        EventRecorder slowRecorder = new EventRecorder();
        EventRecorder fastRecorder = new EventRecorder();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Watcher blocking = event -> {
            entered.countDown();
            try {
                release.await(EventRecorder.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slowRecorder.watcher("blocking").process(event);
        };
        try {
            slow.exists("/s", blocking);
            slow.exists("/later", slowRecorder.watcher("later"));
            fast.exists("/s", fastRecorder.watcher("fast"));
            coord.create("/s", null, CreateMode.PERSISTENT);
            assertThat(entered.await(EventRecorder.DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the slow watcher was called").isTrue();

            assertEvent(fastRecorder.nextEvent(), "fast", EventType.NODE_CREATED, "/s", coord.exists("/s").czxid());
            fast.getData("/s", fastRecorder.watcher("fast again"));
            Stat changed = coord.setData("/s", bytes("x"), -1);
            coord.create("/later", null, CreateMode.PERSISTENT);
            assertEvent(fastRecorder.nextEvent(), "fast again", EventType.NODE_DATA_CHANGED, "/s", changed.mzxid());
            assertThat(release.getCount()).as("the slow watcher was still blocked").isEqualTo(1);
            assertThat(slowRecorder.deliveries()).as("the slow session delivers nothing while blocked").isEmpty();
        } finally {
            release.countDown();
        }
        assertEvent(slowRecorder.nextEvent(), "blocking", EventType.NODE_CREATED, "/s", coord.exists("/s").czxid());
        assertEvent(slowRecorder.nextEvent(), "later", EventType.NODE_CREATED, "/later", coord.exists("/later").czxid());
    }

    // ---------------------------------------------------------------- helpers

    private static void assertEvent(Received received, String tag, EventType type, String path, long zxid) {
        assertThat(received.tag() + " " + received.event())
                .as("delivery %s", received)
                .isEqualTo(tag + " " + new WatchedEvent(type, path, zxid));
    }

    /**
     * Proves that {@code recorder} got nothing it has not yet taken before now: leaves an exists watch on
     * a fresh path in {@code session}, creates that path, and asserts that the marker's event is the very
     * next delivery. Events of one session arrive in zxid order, so anything triggered earlier would
     * have come first.
     */
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
