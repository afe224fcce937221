package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Property: for any sequence of writes (creates of every kind, setData, deletes, multis, with the
 * container cascades and failures they bring), a recursive persistent watch on "/" reports exactly the
 * node-level changes between the tree before and after each write, with that write's zxid, and a
 * non-recursive persistent watch on one path exactly that path's changes, children included; nothing
 * is reported for failed writes.
 */
class PersistentWatchProperties {
    private static final List<String> PATHS = List.of("/a", "/a/b", "/a/c", "/a/b/x", "/d", "/d/e");
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Step is one generated write: its kind, the index of its path, and of a multi's second path. */
    record Step(int kind, int path, int second) {
        Step {
            if (second == path) {
                second = (path + 1) % PATHS.size();           // a multi that creates and deletes one node changes nothing visible
            }
        }

        @Override
        public String toString() {
            return switch (kind) {
                case 0 -> "create " + PATHS.get(path);
                case 1 -> "createContainer " + PATHS.get(path);
                case 2 -> "createEphemeral " + PATHS.get(path);
                case 3 -> "setData " + PATHS.get(path);
                case 4 -> "delete " + PATHS.get(path);
                default -> "multi(create " + PATHS.get(path) + ", delete " + PATHS.get(second) + ")";
            };
        }
    }

    private static Gen<Step> steps() {
        return integers().between(0, 5).zip(integers().between(0, PATHS.size() - 1),
                integers().between(0, PATHS.size() - 1), Step::new);
    }

    @Test
    void shouldReportExactlyTheChangesOfEveryWrite() {
        qt().withExamples(100).withShrinkCycles(50)
                .forAll(lists().of(steps()).ofSizeBetween(1, 20))
                .checkAssert(PersistentWatchProperties::check);
    }

    private static void check(List<Step> steps) {
        try (Coordinator coord = Coordinator.builder().start()) {
            Session writer = coord.openSession(Duration.ofSeconds(30));
            Session watching = coord.openSession(Duration.ofSeconds(30));
            BlockingQueue<WatchedEvent> recursive = new LinkedBlockingQueue<>();
            BlockingQueue<WatchedEvent> onA = new LinkedBlockingQueue<>();
            watching.addWatch("/", recursive::add, AddWatchMode.PERSISTENT_RECURSIVE);
            watching.addWatch("/a", onA::add, AddWatchMode.PERSISTENT);
            for (Step step : steps) {
                Map<String, Stat> before = snapshot(coord);
                boolean applied = apply(writer, step);
                Map<String, Stat> after = snapshot(coord);
                long zxid = coord.status().lastZxid();
                List<String> expected = expectedRecursive(before, after, zxid);
                List<String> expectedOnA = expectedOn("/a", before, after, zxid);
                if (!applied) {
                    assertThat(expected).as("a failed write changes nothing").isEmpty();
                }
                assertThat(take(recursive, expected.size())).as("recursive events of %s", step)
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(take(onA, expectedOnA.size())).as("events on /a of %s", step)
                        .containsExactlyInAnyOrderElementsOf(expectedOnA);
            }
            writer.create("/marker", null, CreateMode.PERSISTENT);
            WatchedEvent marker = poll(recursive);
            assertThat(marker.type() + " " + marker.path()).as("nothing more than expected").isEqualTo("NODE_CREATED /marker");
            assertThat(onA).isEmpty();
        }
    }

    private static boolean apply(Session writer, Step step) {
        String path = PATHS.get(step.path());
        try {
            switch (step.kind()) {
                case 0 -> writer.create(path, new byte[] {1}, CreateMode.PERSISTENT);
                case 1 -> writer.create(path, null, CreateMode.CONTAINER);
                case 2 -> writer.create(path, null, CreateMode.EPHEMERAL);
                case 3 -> writer.setData(path, new byte[] {2}, -1);
                case 4 -> writer.delete(path, -1);
                default -> writer.multi(List.of(Op.create(path, null, CreateMode.PERSISTENT),
                        Op.delete(PATHS.get(step.second()), -1)));
            }
            return true;
        } catch (CoordException e) {
            return false;
        }
    }

    /** Every node below the root: path to stat. */
    private static Map<String, Stat> snapshot(CoordClient client) {
        Map<String, Stat> out = new TreeMap<>();
        walk(client, "/", out);
        out.remove("/");
        return out;
    }

    private static void walk(CoordClient client, String path, Map<String, Stat> out) {
        out.put(path, client.exists(path));
        for (String child : client.getChildren(path)) {
            walk(client, path.equals("/") ? "/" + child : path + "/" + child, out);
        }
    }

    private static List<String> expectedRecursive(Map<String, Stat> before, Map<String, Stat> after, long zxid) {
        List<String> out = new ArrayList<>();
        for (String path : union(before, after)) {
            out.addAll(nodeChanges(path, before.get(path), after.get(path), zxid, false, 0));
        }
        return out;
    }

    /** A non-recursive watch's events: the node's own, and one NODE_CHILDREN_CHANGED per child created or deleted. */
    private static List<String> expectedOn(String path, Map<String, Stat> before, Map<String, Stat> after, long zxid) {
        int childChanges = 0;
        for (String p : union(before, after)) {
            if (p.startsWith(path + "/") && p.indexOf('/', path.length() + 1) < 0) {
                Stat was = before.get(p);
                Stat is = after.get(p);
                boolean deleted = was != null && (is == null || is.czxid() != was.czxid());
                boolean created = is != null && (was == null || is.czxid() != was.czxid());
                childChanges += (deleted ? 1 : 0) + (created ? 1 : 0);
            }
        }
        return nodeChanges(path, before.get(path), after.get(path), zxid, true, childChanges);
    }

    private static List<String> nodeChanges(String path, Stat was, Stat is, long zxid, boolean children,
                                            int childChanges) {
        List<String> out = new ArrayList<>();
        if (was != null && (is == null || is.czxid() != was.czxid())) {
            out.add("NODE_DELETED " + path + " " + zxid);
        }
        if (is != null && (was == null || is.czxid() != was.czxid())) {
            out.add("NODE_CREATED " + path + " " + zxid);
        }
        if (was != null && is != null && is.czxid() == was.czxid()) {
            if (is.mzxid() != was.mzxid()) {
                out.add("NODE_DATA_CHANGED " + path + " " + zxid);
            }
        }
        for (int i = 0; children && i < childChanges; i++) {
            out.add("NODE_CHILDREN_CHANGED " + path + " " + zxid);  // also when the node went in the same write
        }
        return out;
    }

    private static List<String> union(Map<String, Stat> a, Map<String, Stat> b) {
        TreeMap<String, Boolean> all = new TreeMap<>();
        a.keySet().forEach(k -> all.put(k, true));
        b.keySet().forEach(k -> all.put(k, true));
        return new ArrayList<>(all.keySet());
    }

    private static List<String> take(BlockingQueue<WatchedEvent> queue, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WatchedEvent e = poll(queue);
            out.add(e.type() + " " + e.path() + " " + e.zxid());
        }
        return out;
    }

    private static WatchedEvent poll(BlockingQueue<WatchedEvent> queue) {
        try {
            WatchedEvent e = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).as("an expected event did not come within %s", WAIT).isNotNull();
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }
}
