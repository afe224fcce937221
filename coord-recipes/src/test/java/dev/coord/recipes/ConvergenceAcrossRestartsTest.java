package dev.coord.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.CreateMode;
import dev.coord.CreateParents;
import dev.coord.Session;
import dev.coord.recipes.cache.CachedNode;
import dev.coord.recipes.cache.TreeCache;
import dev.coord.recipes.membership.GroupMembership;
import dev.coord.recipes.testing.Await;
import dev.coord.recipes.testing.TestEnsemble;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Caches and group membership on a durable three-peer ensemble converge after changes, deletions, a
 * killed leader (its members leave within their session timeout), that peer's restart, and a restart
 * of the cache's own peer.
 */
class ConvergenceAcrossRestartsTest {
    private static final Duration MEMBER_TIMEOUT = Duration.ofMillis(1500);

    @Test
    void shouldConvergeCachesAndMembershipAcrossAKilledAndRestartedPeer(@TempDir Path dir) {
        try (TestEnsemble e = TestEnsemble.start(3, TestEnsemble.Options.quick(dir, Duration.ofSeconds(10)))) {
            int leader = e.leaderId();
            int cachePeer = e.followerId();
            int third = 6 - leader - cachePeer;
            Session writer = e.peer(third).openSession(Duration.ofSeconds(10));
            writer.create("/cfg/a", bytes("1"), CreateMode.PERSISTENT, CreateParents.PERSISTENT);

            Session viewer = e.peer(cachePeer).openSession(Duration.ofSeconds(10));
            TreeCache cache = new TreeCache(viewer, "/cfg");
            cache.start();
            GroupMembership view = new GroupMembership(viewer, "/group");
            view.start();
            for (int id : e.running()) {
                GroupMembership g = new GroupMembership(e.peer(id).openSession(MEMBER_TIMEOUT), "/group");
                g.join("member-on-" + id, bytes("peer " + id));
            }
            Await.until(() -> view.memberIds().size() == 3, "three members");

            writer.create("/cfg/b", bytes("x"), CreateMode.PERSISTENT);
            writer.setData("/cfg/a", bytes("2"), -1);
            awaitConverged(cache, writer);

            e.kill(leader);
            Await.until(() -> view.memberIds().equals(Set.of("member-on-" + cachePeer, "member-on-" + third)),
                    "the killed peer's member to leave");
            writer.delete("/cfg/b", -1);                       // through the new leader
            writer.create("/cfg/c/deep", bytes("d"), CreateMode.PERSISTENT, CreateParents.PERSISTENT);
            awaitConverged(cache, writer);

            e.restart(leader);
            Session onRestarted = e.peer(leader).openSession(Duration.ofSeconds(10));
            new GroupMembership(onRestarted, "/group").join("member-on-" + leader + "-again", null);
            onRestarted.setData("/cfg/a", bytes("3"), -1);
            awaitConverged(cache, writer);
            Await.until(() -> view.memberIds().contains("member-on-" + leader + "-again"), "the rejoined member");
            try (TreeCache fresh = new TreeCache(onRestarted, "/cfg")) {
                fresh.start();
                assertThat(contents(fresh)).isEqualTo(contents(cache));
            }

            cache.close();
            view.close();
            e.stop(cachePeer);
            writer.setData("/cfg/c/deep", bytes("while-the-cache-peer-was-down"), -1);
            e.restart(cachePeer);
            try (TreeCache again = new TreeCache(e.peer(cachePeer).openSession(Duration.ofSeconds(10)), "/cfg")) {
                again.start();
                awaitConverged(again, writer);
                assertThat(new String(again.get("/cfg/c/deep").orElseThrow().data(), StandardCharsets.UTF_8))
                        .isEqualTo("while-the-cache-peer-was-down");
            }
        }
    }

    private static void awaitConverged(TreeCache cache, Session truthSource) {
        truthSource.sync("/");
        Map<String, String> truth = new TreeMap<>();
        read(truthSource, "/cfg", truth);
        Await.until(() -> contents(cache).equals(truth), "the cache to converge to " + truth);
    }

    private static void read(Session s, String path, Map<String, String> out) {
        out.put(path, new String(s.getData(path).data(), StandardCharsets.UTF_8));
        for (String child : s.getChildren(path)) {
            read(s, path + "/" + child, out);
        }
    }

    private static Map<String, String> contents(TreeCache cache) {
        return cache.nodes().values().stream().collect(Collectors.toMap(CachedNode::path,
                n -> new String(n.data(), StandardCharsets.UTF_8), (x, y) -> x, TreeMap::new));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
