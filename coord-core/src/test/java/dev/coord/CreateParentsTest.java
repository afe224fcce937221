package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of {@code create(path, data, mode, CreateParents)}: missing ancestors are created in the mode
 * asked for, existing ones are left alone, a plain create's errors come through, and racing creators
 * (also against containers that vanish under them) all succeed.
 */
class CreateParentsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Coordinator coord;

    @BeforeEach
    void startCoordinator() {
        coord = Coordinator.builder().start();
    }

    @AfterEach
    void closeCoordinator() {
        coord.close();
    }

    @Test
    void shouldCreateMissingAncestorsAsPersistentNodes() {
        String created = coord.create("/a/b/c", bytes("leaf"), CreateMode.PERSISTENT, CreateParents.PERSISTENT);

        assertThat(created).isEqualTo("/a/b/c");
        assertThat(coord.getData("/a/b/c").data()).containsExactly(bytes("leaf"));
        assertThat(coord.getData("/a/b").data()).isEmpty();
        coord.delete("/a/b/c", -1);
        assertThat(coord.exists("/a/b")).as("a persistent ancestor stays when emptied").isNotNull();
    }

    @Test
    void shouldCreateMissingAncestorsAsContainersThatGoWhenEmptied() {
        String node = coord.create("/locks/orders/lock-", null, CreateMode.EPHEMERAL_SEQUENTIAL, CreateParents.CONTAINER);

        assertThat(node).isEqualTo("/locks/orders/lock-0000000000");
        assertThat(coord.exists(node).ephemeralOwner()).isEqualTo(coord.sessionId());
        coord.delete(node, -1);
        assertThat(coord.exists("/locks/orders")).isNull();
        assertThat(coord.exists("/locks")).isNull();
    }

    @Test
    void shouldLeaveExistingAncestorsAloneAndCostOneWriteWhenTheParentExists() {
        coord.create("/p", bytes("keep"), CreateMode.PERSISTENT);
        coord.create("/p/q/r", null, CreateMode.PERSISTENT, CreateParents.CONTAINER);
        long before = coord.status().lastZxid();

        coord.create("/p/q/s", null, CreateMode.PERSISTENT, CreateParents.CONTAINER);

        assertThat(coord.status().lastZxid()).as("exactly one transaction").isEqualTo(before + 1);
        assertThat(coord.getData("/p").data()).containsExactly(bytes("keep"));
        coord.delete("/p/q/r", -1);
        coord.delete("/p/q/s", -1);
        assertThat(coord.exists("/p/q")).as("/p/q was created as a container").isNull();
        assertThat(coord.exists("/p")).as("/p existed and is persistent").isNotNull();
    }

    @Test
    void shouldPassThroughTheErrorsOfThePlainCreate() {
        coord.create("/x/y", null, CreateMode.PERSISTENT, CreateParents.PERSISTENT);
        assertThatThrownBy(() -> coord.create("/x/y", null, CreateMode.PERSISTENT, CreateParents.PERSISTENT))
                .isInstanceOf(CoordException.NodeExistsException.class);
        coord.create("/e", null, CreateMode.EPHEMERAL);
        assertThatThrownBy(() -> coord.create("/e/f/g", null, CreateMode.PERSISTENT, CreateParents.PERSISTENT))
                .isInstanceOf(CoordException.NoChildrenForEphemeralsException.class);
        assertThatThrownBy(() -> coord.create("bad", null, CreateMode.PERSISTENT, CreateParents.PERSISTENT))
                .isInstanceOf(CoordException.BadArgumentsException.class);
        assertThatThrownBy(() -> coord.create("/ok", null, CreateMode.PERSISTENT, null))
                .isInstanceOf(CoordException.BadArgumentsException.class);
    }

    @Test
    void shouldCreateEveryNodeWhenManySessionsRaceOnTheSameMissingAncestors() throws Exception {
        int sessions = 16;
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                Session s = coord.openSession(TIMEOUT);
                int n = i;
                results.add(pool.submit(() -> {
                    go.await();
                    return s.create("/race/deep/er/node-" + n, null, CreateMode.EPHEMERAL, CreateParents.PERSISTENT);
                }));
            }
            go.countDown();
            for (Future<String> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).startsWith("/race/deep/er/node-");
            }
            assertThat(coord.getChildren("/race/deep/er")).hasSize(sessions);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldSucceedEveryTimeWhileRacingContainersAreEmptiedAndDeleted() throws Exception {
        int rounds = 200;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (String name : List.of("left", "right")) {
                Session s = coord.openSession(TIMEOUT);
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        String node = s.create("/c1/c2/" + name, null, CreateMode.EPHEMERAL, CreateParents.CONTAINER);
                        s.delete(node, -1);                      // may delete /c2 and /c1 under the other worker
                    }
                    return rounds;
                }));
            }
            for (Future<Integer> w : workers) {
                assertThat(w.get(60, TimeUnit.SECONDS)).isEqualTo(rounds);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldPipelineAsyncCreatesWithParentsInSessionOrder() {
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(coord.createAsync("/q" + (i % 3) + "/item-", bytes("" + i), CreateMode.PERSISTENT_SEQUENTIAL, 0,
                    CreateParents.PERSISTENT));
        }
        for (CompletableFuture<String> f : futures) {
            assertThat(f.join()).matches("/q[012]/item-\\d{10}");
        }
        assertThat(coord.getChildren("/q0")).hasSize(7);
    }

    @Test
    void shouldCreateParentsFromAFollowerOfAnEnsemble(@TempDir Path dir) throws Exception {
        try (Ensemble e = new Ensemble(dir, 3, Set.of(), 1000).startAll()) {
            int follower = e.leader() == 1 ? 2 : 1;
            Coordinator client = e.peers.get(follower);
            String node = client.create("/svc/group/member-", bytes("m"), CreateMode.EPHEMERAL_SEQUENTIAL,
                    CreateParents.CONTAINER);
            assertThat(node).startsWith("/svc/group/member-");
            Coordinator leader = e.peers.get(e.leader());
            leader.sync("/");
            assertThat(leader.getData(node).data()).containsExactly(bytes("m"));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
