package dev.coord.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.Acl;
import dev.coord.CoordException;
import dev.coord.Perms;
import dev.coord.Session;
import dev.coord.recipes.atomic.Counter;
import dev.coord.recipes.locks.Grant;
import dev.coord.recipes.locks.Lock;
import dev.coord.recipes.queue.DistributedQueue;
import dev.coord.recipes.testing.Fixture;
import dev.coord.recipes.testing.Topology;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Recipes given an ACL create every node with it: a session that is not granted CREATE or DELETE can
 * neither join nor break them, while one that is works as usual.
 */
class RecipeAclTest {
    private static final byte[] ALICE = "alice:secret".getBytes(StandardCharsets.UTF_8);
    private static final List<Acl> ALICE_WRITES = List.of(Acl.digest("alice", "secret", Perms.ALL), Acl.world(Perms.READ));

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldGuardALocksNodesWithItsAcl(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "lock-acl")) {
            Session alice = f.session();
            alice.addAuth("digest", ALICE);
            Session intruder = f.session();
            String path = f.path("lock");
            Lock lock = new Lock(alice, path, ALICE_WRITES);
            try (Grant grant = lock.lock()) {
                assertThat(grant.fencingToken()).isPositive();
                intruder.sync("/");
                assertThat(intruder.getACL(path).acl()).isEqualTo(ALICE_WRITES);
                List<String> holders = intruder.getChildren(path);
                assertThat(holders).hasSize(1);
                assertThat(intruder.getACL(path + "/" + holders.get(0)).acl()).isEqualTo(ALICE_WRITES);
                assertThat(intruder.getACL(path.substring(0, path.lastIndexOf('/'))).acl()).as("an ancestor created on the way").isEqualTo(ALICE_WRITES);
                // The intruder can neither break the lock by deleting the holder's node, nor queue for it.
                assertThatThrownBy(() -> intruder.delete(path + "/" + holders.get(0), -1))
                        .isInstanceOf(CoordException.NoAuthException.class);
                Lock theirs = new Lock(intruder, path);
                assertThatThrownBy(theirs::lock).isInstanceOf(CoordException.NoAuthException.class);
            }
            lock.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldGuardACounterAndAQueueWithTheirAcl(Topology topology) {
        try (Fixture f = Fixture.of(topology, "counter-acl")) {
            Session alice = f.session();
            alice.addAuth("digest", ALICE);
            Session reader = f.session();
            Counter counter = new Counter(alice, f.path("counter"), ALICE_WRITES);
            assertThat(counter.incrementAndGet()).isEqualTo(1);
            reader.sync("/");
            assertThat(new Counter(reader, f.path("counter")).getLatest()).isEqualTo(1);
            assertThatThrownBy(() -> new Counter(reader, f.path("counter")).incrementAndGet())
                    .isInstanceOf(CoordException.NoAuthException.class);

            DistributedQueue queue = new DistributedQueue(alice, f.path("queue"), ALICE_WRITES);
            queue.offer("job".getBytes(StandardCharsets.UTF_8));
            reader.sync("/");
            DistributedQueue theirs = new DistributedQueue(reader, f.path("queue"));
            assertThat(theirs.peek()).containsExactly("job".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(theirs::poll).isInstanceOf(CoordException.NoAuthException.class);
            assertThatThrownBy(() -> theirs.offer(new byte[] {1})).isInstanceOf(CoordException.NoAuthException.class);
            assertThat(queue.poll()).containsExactly("job".getBytes(StandardCharsets.UTF_8));
        }
    }
}
