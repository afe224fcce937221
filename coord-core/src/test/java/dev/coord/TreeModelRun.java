package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * TreeModelRun drives one in-memory {@link Coordinator} and one {@link ReferenceTree} through the same
 * {@link TreeStep}s and compares them after every step: return values, exceptions, the zxid, the node
 * and session counts, and that a step that wrote nothing left the digest unchanged. On demand it
 * compares the whole tree and every session's watch events.
 *
 * <p>Every failure message starts with the run's label (the seed), the step's index and the step, and
 * lists the steps just before it, so the run can be replayed. Not thread-safe: one test thread drives it.
 */
final class TreeModelRun implements AutoCloseable {
    /** How far a ctime or mtime may lie outside the wall-clock interval of the call that set it. */
    static final long TIME_SLACK_MS = 1_000;
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(30);
    /** Watcher names for exists and getData watches, and for getChildren watches (kept apart on purpose). */
    static final List<String> DATA_WATCHERS = List.of("d1", "d2");
    static final List<String> CHILD_WATCHERS = List.of("c1", "c2");
    static final String MARKER_PATH = "/zz-marker";
    private static final int RECENT_STEPS = 8;

    /** Client is one session of the run: the default session (index 0) or an opened one. */
    static final class Client {
        final int index;
        final CoordClient api;
        final long sessionId;
        final EventRecorder recorder = new EventRecorder();
        final Map<String, Watcher> watchers = new LinkedHashMap<>();
        boolean closed;

        Client(int index, CoordClient api, long sessionId) {
            this.index = index;
            this.api = api;
            this.sessionId = sessionId;
            for (String name : DATA_WATCHERS) {
                watchers.put(name, recorder.watcher(name));
            }
            for (String name : CHILD_WATCHERS) {
                watchers.put(name, recorder.watcher(name));
            }
            api.addSessionListener(recorder.listener("listener"));
        }
    }

    private record Outcome<T>(T value, CoordException error) {
    }

    private final String label;
    private final boolean checksEvents;
    private final Coordinator coord;
    private final ReferenceTree model;
    private final List<Client> clients = new ArrayList<>();
    private final int sessionCountOffset;
    private final Thread testThread = Thread.currentThread();
    private final Deque<String> recent = new ArrayDeque<>();
    private final Map<Long, String> stepOfZxid = new TreeMap<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private Status lastStatus;
    private int stepIndex = -1;
    private String current = "start";

    /**
     * Starts an in-memory Coordinator with no configuration and checks that it starts empty. Without
     * {@code checksEvents} the run still sets watches but never waits for or compares events (so that
     * shrinking never waits for a lost event).
     */
    TreeModelRun(String label, boolean checksEvents) {
        this.label = label;
        this.checksEvents = checksEvents;
        this.coord = Coordinator.builder().start();
        try {
            Status status = coord.status();
            assertThat(status.role()).as(() -> ctx("role of a Coordinator with no members")).isEqualTo(Role.STANDALONE);
            Stat root = coord.exists("/");
            assertThat(root).as(() -> ctx("stat of the root at start"))
                    .isEqualTo(new Stat(0, 0, 0, root.ctime(), root.mtime(), 0, 0, 0, 0, 0, 0));
            assertThat(coord.getChildren("/")).as(() -> ctx("children of the root at start")).isEmpty();
            assertThat(status.nodeCount()).as(() -> ctx("nodeCount at start")).isEqualTo(1);
            assertThat(coord.sessionId()).as(() -> ctx("default session id (zxid of its creation)"))
                    .isBetween(1L, status.lastZxid());
            this.model = new ReferenceTree(status.lastZxid(), root.ctime(), root.mtime());
            model.adoptSession(coord.sessionId());
            this.sessionCountOffset = status.sessionCount() - 1;
            this.lastStatus = status;
            clients.add(new Client(0, coord, coord.sessionId()));
        } catch (RuntimeException | AssertionError e) {
            coord.close();
            throw e;
        }
    }

    ReferenceTree model() {
        return model;
    }

    List<Client> clients() {
        return clients;
    }

    /** Applies {@code step} to the Coordinator and the model, and compares every observable outcome. */
    void apply(TreeStep step) {
        stepIndex++;
        current = step.toString();
        long zxidBefore = model.lastZxid();
        if (step instanceof TreeStep.Create s) {
            create(s);
        } else if (step instanceof TreeStep.Delete s) {
            delete(s);
        } else if (step instanceof TreeStep.SetData s) {
            setData(s);
        } else if (step instanceof TreeStep.Multi s) {
            multi(s);
        } else if (step instanceof TreeStep.Exists s) {
            Client c = clients.get(s.client());
            compare("exists", expected(() -> model.exists(c.sessionId, s.path(), s.watcher())),
                    real(() -> c.api.exists(s.path(), watcher(c, s.watcher()))), false);
        } else if (step instanceof TreeStep.GetData s) {
            Client c = clients.get(s.client());
            compare("getData", expected(() -> model.getData(c.sessionId, s.path(), s.watcher())),
                    real(() -> c.api.getData(s.path(), watcher(c, s.watcher()))), false);
        } else if (step instanceof TreeStep.GetChildren s) {
            Client c = clients.get(s.client());
            compare("getChildren", expected(() -> model.getChildren(c.sessionId, s.path(), s.watcher())),
                    real(() -> c.api.getChildren(s.path(), watcher(c, s.watcher()))), false);
        } else if (step instanceof TreeStep.OpenSession) {
            openSession();
        } else if (step instanceof TreeStep.CloseSession s) {
            closeSession(s);
        } else {
            throw new IllegalArgumentException("unknown step " + step);
        }
        if (model.lastZxid() != zxidBefore) {
            stepOfZxid.put(model.lastZxid(), "#" + stepIndex + " " + current);
        }
        checkStatus();
        recent.addLast("#" + stepIndex + " " + current);
        if (recent.size() > RECENT_STEPS) {
            recent.removeFirst();
        }
    }

    private static Watcher watcher(Client c, String name) {
        return name == null ? null : c.watchers.get(name);
    }

    private void create(TreeStep.Create s) {
        Client c = clients.get(s.client());
        long before = System.currentTimeMillis();
        Outcome<String> actual = real(() -> c.api.create(s.path(), s.data(), s.mode(), s.ttlMs()));
        long after = System.currentTimeMillis();
        Stat actualStat = null;
        long ctime = 0;
        if (actual.error() == null) {
            actualStat = real(() -> c.api.exists(actual.value(), null)).value();
            assertThat(actualStat).as(() -> ctx("exists(" + actual.value() + ") right after it was created")).isNotNull();
            checkTime("ctime", actualStat.ctime(), before, after);
            assertThat(actualStat.mtime()).as(() -> ctx("mtime of a new node equals its ctime")).isEqualTo(actualStat.ctime());
            ctime = actualStat.ctime();
        }
        long nowMs = ctime;
        Outcome<String> expected = expected(() -> model.create(c.sessionId, s.path(), s.data(), s.mode(), s.ttlMs(), nowMs));
        boolean sequential = s.mode() != null && s.mode().isSequential();
        compare(sequential ? "create-sequential" : "create", expected, actual, sequential);
        if (actualStat != null) {
            assertThat(actualStat).as(() -> ctx("stat of the created node " + actual.value()))
                    .isEqualTo(model.stat(actual.value()));
        }
    }

    private void delete(TreeStep.Delete s) {
        Client c = clients.get(s.client());
        Outcome<Boolean> actual = real(() -> {
            c.api.delete(s.path(), s.version());
            return true;
        });
        Outcome<Boolean> expected = expected(() -> {
            model.delete(c.sessionId, s.path(), s.version());
            return true;
        });
        compare("delete", expected, actual, false);
    }

    private void setData(TreeStep.SetData s) {
        Client c = clients.get(s.client());
        long before = System.currentTimeMillis();
        Outcome<Stat> actual = real(() -> c.api.setData(s.path(), s.data(), s.version()));
        long after = System.currentTimeMillis();
        long mtime = 0;
        if (actual.error() == null && actual.value() != null) {
            checkTime("mtime", actual.value().mtime(), before, after);
            mtime = actual.value().mtime();
        }
        long nowMs = mtime;
        compare("setData", expected(() -> model.setData(c.sessionId, s.path(), s.data(), s.version(), nowMs)), actual, false);
    }

    private void multi(TreeStep.Multi s) {
        Client c = clients.get(s.client());
        long before = System.currentTimeMillis();
        Outcome<List<OpResult>> actual = real(() -> c.api.multi(s.ops()));
        long after = System.currentTimeMillis();
        long time = 0;
        if (actual.error() == null && actual.value() != null) {
            Set<Long> times = new HashSet<>();
            for (OpResult r : actual.value()) {
                if (r instanceof OpResult.Create cr && cr.stat() != null) {
                    times.add(cr.stat().ctime());
                    times.add(cr.stat().mtime());
                } else if (r instanceof OpResult.SetData sr && sr.stat() != null) {
                    times.add(sr.stat().mtime());
                }
            }
            assertThat(times).as(() -> ctx("all ctimes and mtimes set by one multi are its one transaction time "
                    + actual.value())).hasSizeLessThanOrEqualTo(1);
            for (long t : times) {
                checkTime("multi time", t, before, after);
                time = t;
            }
        }
        long nowMs = time;
        Outcome<List<OpResult>> expected = expected(() -> model.multi(c.sessionId, s.ops(), nowMs));
        boolean lenientPath = false;
        if (expected.error() != null && expected.error().failedOpIndex() >= 0) {
            Op failed = s.ops().get(expected.error().failedOpIndex());
            lenientPath = failed instanceof Op.Create cr && cr.mode() != null && cr.mode().isSequential();
        }
        compare("multi", expected, actual, lenientPath);
    }

    private void openSession() {
        Outcome<Session> actual = real(() -> coord.openSession(SESSION_TIMEOUT));
        long expectedId = model.openSession();
        assertThat(actual.error()).as(() -> ctx("openSession failed")).isNull();
        Session session = actual.value();
        assertThat(session.sessionId()).as(() -> ctx("id of the new session (zxid of its creation)")).isEqualTo(expectedId);
        assertThat(session.state()).as(() -> ctx("state of a new session")).isEqualTo(SessionState.CONNECTED);
        clients.add(new Client(clients.size(), session, session.sessionId()));
    }

    private void closeSession(TreeStep.CloseSession s) {
        Client c = clients.get(s.client());
        Session session = (Session) c.api;
        if (!c.closed && checksEvents) {
            checkEventsOf(c);
        }
        try {
            session.close();
        } catch (RuntimeException e) {
            throw new AssertionError(ctx("close() threw (it must be idempotent)"), e);
        }
        model.closeSession(c.sessionId);
        if (!c.closed && checksEvents) {
            c.recorder.awaitState(SessionState.CLOSED, EventRecorder.DEADLINE);
        }
        c.closed = true;
        assertThat(session.state()).as(() -> ctx("state of a closed session")).isEqualTo(SessionState.CLOSED);
    }

    private void checkStatus() {
        Status status = coord.status();
        assertThat(status.lastZxid()).as(() -> ctx("status().lastZxid()")).isEqualTo(model.lastZxid());
        assertThat(status.nodeCount()).as(() -> ctx("status().nodeCount()")).isEqualTo(model.nodeCount());
        assertThat(status.sessionCount()).as(() -> ctx("status().sessionCount()"))
                .isEqualTo(sessionCountOffset + model.liveSessions().size());
        if (status.lastZxid() == lastStatus.lastZxid()) {
            assertThat(status.digest()).as(() -> ctx("status().digest() after a step that wrote nothing"))
                    .isEqualTo(lastStatus.digest());
        }
        lastStatus = status;
    }

    private void checkTime(String what, long t, long before, long after) {
        assertThat(t).as(() -> ctx(what + " is the wall-clock time of the write (call ran from " + before + " to " + after
                + ", slack " + TIME_SLACK_MS + " ms)")).isBetween(before - TIME_SLACK_MS, after + TIME_SLACK_MS);
    }

    /** Walks the whole tree from "/" through the default session and compares every node with the model. */
    void checkWholeTree() {
        String saved = current;
        current = "whole-tree check after step #" + stepIndex;
        List<String> seen = new ArrayList<>();
        walk("/", seen);
        seen.sort(String::compareTo);
        assertThat(seen).as(() -> ctx("every path in the tree")).isEqualTo(model.paths());
        assertThat(coord.status().nodeCount()).as(() -> ctx("status().nodeCount()")).isEqualTo(model.nodeCount());
        current = saved;
    }

    private void walk(String path, List<String> seen) {
        seen.add(path);
        NodeData data = coord.getData(path);
        ReferenceTree.Node expected = model.node(path);
        assertThat(expected).as(() -> ctx("node " + path + " is in the tree but not in the model")).isNotNull();
        assertThat(data).as(() -> ctx("data and stat of " + path)).isEqualTo(new NodeData(expected.data(), model.stat(path)));
        List<String> children = coord.getChildren(path);
        assertThat(children).as(() -> ctx("children of " + path)).isEqualTo(model.children(path));
        for (String child : children) {
            walk(path.equals("/") ? "/" + child : path + "/" + child, seen);
        }
    }

    /** Waits for and compares every session's watch events so far (also those of closed sessions). */
    void checkEvents() {
        if (!checksEvents) {
            return;
        }
        for (Client c : clients) {
            checkEventsOf(c);
        }
    }

    /**
     * Leaves an exists watch on a fresh marker path in every open session and creates it, then checks all
     * events: a session's events come in zxid order, so once its marker event arrived nothing it should
     * have received earlier can still be missing or arrive later.
     */
    void finish() {
        for (Client c : clients) {
            if (!c.closed) {
                apply(new TreeStep.Exists(c.index, MARKER_PATH, DATA_WATCHERS.get(0)));
            }
        }
        apply(new TreeStep.Create(0, MARKER_PATH, null, CreateMode.PERSISTENT, 0));
        checkEvents();
        checkWholeTree();
    }

    private void checkEventsOf(Client c) {
        String saved = current;
        current = "watch events of client c" + c.index + " (session " + c.sessionId + ") after step #" + stepIndex;
        List<ReferenceTree.ExpectedEvent> expected = model.expectedEvents(c.sessionId);
        List<EventRecorder.Received> got = c.recorder.awaitEvents(expected.size(), EventRecorder.DEADLINE);
        for (int i = 1; i < got.size(); i++) {
            if (got.get(i).event().zxid() < got.get(i - 1).event().zxid()) {
                throw new AssertionError(ctx("events of a session arrive in zxid order, but event " + i + " came after "
                        + (i - 1) + ": " + got.subList(Math.max(0, i - 3), Math.min(got.size(), i + 3))));
            }
        }
        Set<Thread> threads = new HashSet<>();
        c.recorder.deliveries().forEach(r -> threads.add(r.thread()));
        assertThat(threads).as(() -> ctx("a session's events and states are delivered on one dispatcher thread"))
                .hasSizeLessThanOrEqualTo(1).doesNotContain(testThread);
        Comparator<ReferenceTree.ExpectedEvent> order = Comparator.comparingLong(ReferenceTree.ExpectedEvent::zxid)
                .thenComparing(ReferenceTree.ExpectedEvent::watcher)
                .thenComparing(e -> e.type().name())
                .thenComparing(ReferenceTree.ExpectedEvent::path);
        List<ReferenceTree.ExpectedEvent> actual = new ArrayList<>(got.stream()
                .map(r -> new ReferenceTree.ExpectedEvent(r.tag(), r.event().type(), r.event().path(), r.event().zxid()))
                .toList());
        List<ReferenceTree.ExpectedEvent> want = new ArrayList<>(expected);
        actual.sort(order);
        want.sort(order);
        if (!actual.equals(want)) {
            throw new AssertionError(ctx("watch events differ" + firstDifference(want, actual)));
        }
        current = saved;
    }

    private String firstDifference(List<ReferenceTree.ExpectedEvent> want, List<ReferenceTree.ExpectedEvent> actual) {
        int i = 0;
        while (i < want.size() && i < actual.size() && want.get(i).equals(actual.get(i))) {
            i++;
        }
        long zxid = i < want.size() ? want.get(i).zxid() : actual.get(i).zxid();
        int from = Math.max(0, i - 3);
        return " at index " + i + " (zxid " + zxid + " was written by step " + stepOfZxid.get(zxid) + ")"
                + "\n  expected " + want.size() + " events, from index " + from + ": "
                + want.subList(from, Math.min(want.size(), i + 4))
                + "\n  received " + actual.size() + " events, from index " + from + ": "
                + actual.subList(Math.min(from, actual.size()), Math.min(actual.size(), i + 4));
    }

    /** How many watch events the model expected so far, over all sessions. */
    int expectedEventCount() {
        int count = 0;
        for (Client c : clients) {
            count += model.expectedEvents(c.sessionId).size();
        }
        return count;
    }

    /**
     * How often each kind of step ended in each way, e.g. {@code "create NODE_EXISTS"} or {@code "multi OK"}
     * (per the model), to show that a run reaches the rules it is meant to test.
     */
    Map<String, Integer> outcomes() {
        return Map.copyOf(outcomes);
    }

    private <T> void compare(String what, Outcome<T> expected, Outcome<T> actual, boolean lenientPath) {
        CoordException want = expected.error();
        CoordException got = actual.error();
        outcomes.merge(what + " " + (want == null ? "OK" : want.code().name()), 1, Integer::sum);
        if (want == null) {
            if (got != null) {
                throw new AssertionError(ctx(what + ": expected success with " + show(expected.value()) + " but it threw "
                        + describe(got)), got);
            }
            assertThat(actual.value()).as(() -> ctx(what + " result")).isEqualTo(expected.value());
            return;
        }
        if (got == null) {
            throw new AssertionError(ctx(what + ": expected " + describe(want) + " but it returned " + show(actual.value())));
        }
        String both = what + ": expected " + describe(want) + ", got " + describe(got);
        assertThat(got.getClass()).as(() -> ctx(both)).isEqualTo(want.getClass());
        assertThat(got.code()).as(() -> ctx(both)).isEqualTo(want.code());
        assertThat(got.failedOpIndex()).as(() -> ctx(both + "; failedOpIndex")).isEqualTo(want.failedOpIndex());
        assertThat(got.opResults()).as(() -> ctx(both + "; opResults")).isEqualTo(want.opResults());
        boolean seqCreateConflict = lenientPath && (want.code() == CoordException.Code.NODE_EXISTS
                || want.code() == CoordException.Code.NO_CHILDREN_FOR_EPHEMERALS);
        if (seqCreateConflict) {
            return;
        }
        if (want.failedOpIndex() >= 0 && got.path() == null) {
            return;
        }
        assertThat(got.path()).as(() -> ctx(both + "; the exception's path is the path passed in")).isEqualTo(want.path());
    }

    private static String show(Object value) {
        if (value instanceof NodeData d) {
            return "NodeData[" + TreeStep.hex(d.data()) + ", " + d.stat() + "]";
        }
        return String.valueOf(value);
    }

    private static String describe(CoordException e) {
        return e.getClass().getSimpleName() + "[code=" + e.code() + ", path=" + TreeStep.quote(e.path())
                + (e.failedOpIndex() >= 0 ? ", failedOpIndex=" + e.failedOpIndex() + ", opResults=" + e.opResults() : "")
                + ", message=" + e.getMessage() + "]";
    }

    private <T> Outcome<T> real(Supplier<T> call) {
        try {
            return new Outcome<>(call.get(), null);
        } catch (CoordException e) {
            return new Outcome<>(null, e);
        } catch (RuntimeException e) {
            throw new AssertionError(ctx("the Coordinator threw " + e + " (not a CoordException)"), e);
        }
    }

    private static <T> Outcome<T> expected(Supplier<T> call) {
        try {
            return new Outcome<>(call.get(), null);
        } catch (CoordException e) {
            return new Outcome<>(null, e);
        }
    }

    private String ctx(String what) {
        StringBuilder sb = new StringBuilder(label).append(", step #").append(stepIndex).append(": ").append(current)
                .append("\n  check: ").append(what);
        if (!recent.isEmpty()) {
            sb.append("\n  previous steps:");
            recent.forEach(r -> sb.append("\n    ").append(r));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        coord.close();
    }
}
