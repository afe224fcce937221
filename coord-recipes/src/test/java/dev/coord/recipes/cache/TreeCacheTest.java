package dev.coord.recipes.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.CreateParents;
import dev.coord.Session;
import dev.coord.recipes.testing.Await;
import dev.coord.recipes.testing.Fixture;
import dev.coord.recipes.testing.Parallel;
import dev.coord.recipes.testing.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests of {@link TreeCache} and {@link NodeCache}: initial load, every change followed, depth, ordering. */
class TreeCacheTest {
    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldLoadTheSubtreeAndReportAddUpdateRemoveInOrder(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "tree-cache")) {
            Session writer = f.session();
            String root = f.path("cfg");
            writer.create(root + "/a/x", bytes("1"), CreateMode.PERSISTENT, CreateParents.PERSISTENT);
            BlockingQueue<String> told = new LinkedBlockingQueue<>();
            try (TreeCache cache = new TreeCache(f.session(), root)) {
                cache.addListener(e -> told.add(e.type() + (e.node() == null ? "" : " " + e.node().path().substring(root.length()))));
                cache.start();
                assertThat(List.of(told.poll(), told.poll(), told.poll(), told.poll()))
                        .containsExactly("ADDED ", "ADDED /a", "ADDED /a/x", "INITIALIZED");
                assertThat(cache.get(root + "/a/x").orElseThrow().data()).containsExactly(bytes("1"));

                writer.setData(root + "/a/x", bytes("2"), -1);
                assertThat(told.poll(30, TimeUnit.SECONDS)).isEqualTo("UPDATED /a/x");
                writer.create(root + "/a/y", null, CreateMode.PERSISTENT);
                assertThat(told.poll(30, TimeUnit.SECONDS)).isEqualTo("ADDED /a/y");
                writer.delete(root + "/a/x", -1);
                assertThat(told.poll(30, TimeUnit.SECONDS)).isEqualTo("REMOVED /a/x");
                assertThat(cache.children(root + "/a")).containsOnlyKeys("y");
                assertThat(cache.get(root + "/a/x")).isEmpty();
            }
            writer.create(root + "/after-close", null, CreateMode.PERSISTENT);
            assertThat(told.poll(200, TimeUnit.MILLISECONDS)).as("a closed cache reports nothing").isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldConvergeWithTheTreeAfterConcurrentRandomChangesFromSeveralPeers(Topology topology) {
        int writers = 4;
        int opsEach = 60;
        try (Fixture f = Fixture.of(topology, "tree-cache-random")) {
            String root = f.path("tree");
            f.session().create(root, null, CreateMode.PERSISTENT, CreateParents.PERSISTENT);
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                sessions.add(f.session());
            }
            try (TreeCache cache = new TreeCache(f.session(), root)) {
                Map<String, Long> lastMzxid = new HashMap<>();
                List<String> disorder = new CopyOnWriteArrayList<>();
                cache.addListener(e -> {
                    if (e.node() != null && e.type() == TreeCacheEvent.Type.UPDATED) {
                        Long before = lastMzxid.put(e.node().path(), e.node().stat().mzxid());
                        if (before != null && before >= e.node().stat().mzxid()) {
                            disorder.add(e.node().path());
                        }
                    }
                });
                cache.start();
                Parallel.run(writers, Duration.ofSeconds(60), i -> {
                    Random random = new Random(1234L + i);
                    Session s = sessions.get(i);
                    for (int op = 0; op < opsEach; op++) {
                        String path = root + "/n" + random.nextInt(4) + (random.nextBoolean() ? "" : "/m" + random.nextInt(3));
                        try {
                            switch (random.nextInt(3)) {
                                case 0 -> s.create(path, bytes("c" + op), CreateMode.PERSISTENT, CreateParents.PERSISTENT);
                                case 1 -> s.setData(path, bytes("s" + op), -1);
                                default -> s.delete(path, -1);
                            }
                        } catch (CoordException.NoNodeException | CoordException.NodeExistsException
                                 | CoordException.NotEmptyException e) {
                            // Expected under random contention.
                        }
                    }
                });
                Map<String, Long> truth = TreeMirror.read(f.session(), root, Integer.MAX_VALUE);
                Await.until(() -> TreeMirror.of(cache).equals(truth), "the cache to converge to " + truth);
                assertThat(disorder).as("updates of a node are reported in order").isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldKeepOnlyTheDepthAskedFor(Topology topology) {
        try (Fixture f = Fixture.of(topology, "tree-cache-depth")) {
            Session writer = f.session();
            String root = f.path("group");
            writer.create(root + "/m1/deep", null, CreateMode.PERSISTENT, CreateParents.PERSISTENT);
            try (TreeCache cache = new TreeCache(f.session(), root, 1)) {
                cache.start();
                writer.create(root + "/m2", null, CreateMode.PERSISTENT);
                writer.create(root + "/m2/deeper", null, CreateMode.PERSISTENT);
                Await.until(() -> cache.get(root + "/m2").isPresent(), "m2 cached");
                assertThat(cache.nodes().keySet()).containsExactly(root, root + "/m1", root + "/m2");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldFollowOneNodeThroughCreationChangeAndDeletion(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "node-cache")) {
            Session writer = f.session();
            String path = f.path("settings");
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            try (NodeCache cache = new NodeCache(f.session(), path)) {
                cache.addListener((NodeCache.Listener) node -> seen.add(node.map(n -> new String(n.data(), StandardCharsets.UTF_8)).orElse("<none>")));
                cache.start();
                assertThat(cache.current()).isEmpty();
                writer.create(path, bytes("v1"), CreateMode.PERSISTENT, CreateParents.PERSISTENT);
                assertThat(seen.poll(30, TimeUnit.SECONDS)).isEqualTo("v1");
                writer.create(path + "/child", null, CreateMode.PERSISTENT);   // not a change of the node's data
                writer.setData(path, bytes("v2"), -1);
                assertThat(seen.poll(30, TimeUnit.SECONDS)).isEqualTo("v2");
                writer.delete(path + "/child", -1);
                writer.delete(path, -1);
                assertThat(seen.poll(30, TimeUnit.SECONDS)).isEqualTo("<none>");
                assertThat(cache.current()).isEmpty();
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
