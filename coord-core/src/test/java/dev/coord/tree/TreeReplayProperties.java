package dev.coord.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.coord.Acl;
import dev.coord.CoordException;
import dev.coord.Perms;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link TreeReplay}: over random transaction sequences (every node kind, setData,
 * setACL, deletes with container cascades, multis, sessions opened and closed) on a random
 * snapshot-loaded base, replaying in place gives the tree that applying one by one gives, and leaves
 * the base, and the tree it returns, unchanged by anything after.
 */
class TreeReplayProperties {
    private static final List<Acl> ALICE_ONLY = List.of(new Acl("digest", Acl.digestId("alice", "pw"), Perms.ALL));

    /** A logged transaction: what the log holds and replay reads back. */
    private record Logged(long zxid, long timeMs, Txn txn) {
    }

    @Test
    void shouldGiveTheTreeThatApplyingOneByOneGives() {
        qt().withExamples(40).forAll(longs().all(), integers().between(0, 3_000)).checkAssert((seed, count) -> {
            Random random = new Random(seed);
            DataTree base = snapshotLoaded(SnapshotBulkLoadTest.randomTree(random, 300));
            Map<String, DataNode> baseNodes = identities(base);
            long baseDigest = base.digest();
            List<Logged> log = new ArrayList<>();
            DataTree oneByOne = committedRun(base, random, count, log);

            TreeReplay replay = new TreeReplay(base);
            for (Logged entry : log) {
                replay.apply(entry.zxid(), entry.timeMs(), entry.txn());
            }
            DataTree replayed = replay.finish();

            assertSameTree(replayed, oneByOne);
            // The base is a published tree: the replay must not have changed it.
            assertThat(base.digest()).isEqualTo(baseDigest);
            assertThat(identities(base)).isEqualTo(baseNodes);
            base.nodes.verifyInvariants();
            // The finished tree is an ordinary immutable value: later applies leave it as it is.
            Map<String, DataNode> replayedNodes = identities(replayed);
            DataTree later = replayed.apply(replayed.lastZxid() + 1, 1, new Txn.Create("/later", new byte[] {1}, NodeKind.PERSISTENT, false, 0, 0)).tree();
            for (Map.Entry<String, DataNode> e : replayedNodes.entrySet()) {
                later = later.get(e.getKey()) == null ? later
                        : later.apply(later.lastZxid() + 1, 2, new Txn.SetData(e.getKey(), new byte[] {9}, -1)).tree();
                if (later.lastZxid() > replayed.lastZxid() + 50) {
                    break;
                }
            }
            assertThat(identities(replayed)).isEqualTo(replayedNodes);
        });
    }

    @Test
    void shouldRefuseFurtherUseAfterAFailedTransaction() {
        DataTree base = DataTree.empty().apply(1, 1, new Txn.Create("/a", new byte[0], NodeKind.PERSISTENT, false, 0, 0)).tree();
        TreeReplay replay = new TreeReplay(base);
        replay.apply(2, 2, new Txn.SetData("/a", new byte[] {1}, -1));
        assertThatThrownBy(() -> replay.apply(3, 3, new Txn.SetData("/missing", new byte[] {1}, -1)))
                .isInstanceOf(CoordException.NoNodeException.class);
        assertThatThrownBy(() -> replay.apply(4, 4, new Txn.SetData("/a", new byte[] {2}, -1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(replay::finish).isInstanceOf(IllegalStateException.class);
        assertThat(base.get("/a").version()).isZero();

        TreeReplay outOfOrder = new TreeReplay(base);
        assertThatThrownBy(() -> outOfOrder.apply(1, 1, new Txn.SetData("/a", new byte[] {1}, -1)))
                .isInstanceOf(IllegalArgumentException.class);
        TreeReplay finished = new TreeReplay(base);
        assertThat(finished.finish()).isSameAs(base);
        assertThatThrownBy(() -> finished.apply(2, 2, new Txn.SetData("/a", new byte[] {1}, -1)))
                .isInstanceOf(IllegalStateException.class);
    }

    /** Applies {@code count} random transactions to {@code tree} one by one, logging those that commit. */
    private static DataTree committedRun(DataTree tree, Random random, int count, List<Logged> log) {
        List<Long> sessions = new ArrayList<>();
        tree.forEachSession((id, info) -> sessions.add(id));
        List<String> paths = new ArrayList<>();
        tree.forEachNodeDepthFirst((path, node) -> paths.add(path));
        long zxid = tree.lastZxid();
        for (int i = 0; i < count; i++) {
            Txn txn = randomTxn(random, paths, sessions);
            long timeMs = 1_000 + i;
            try {
                Applied applied = tree.apply(zxid + 1, timeMs, txn);
                tree = applied.tree();
                zxid++;
                log.add(new Logged(zxid, timeMs, txn));
                if (txn instanceof Txn.CreateSession) {
                    sessions.add((Long) applied.result());
                } else if (txn instanceof Txn.CloseSession close) {
                    sessions.remove(close.sessionId());
                }
                for (Change change : applied.changes()) {
                    if (change.type() == dev.coord.EventType.NODE_CREATED) {
                        paths.add(change.path());
                    }
                }
            } catch (CoordException e) {
                // Not committed (a leader would have refused it): not logged.
            }
        }
        return tree;
    }

    private static Txn randomTxn(Random random, List<String> paths, List<Long> sessions) {
        String existing = paths.get(random.nextInt(paths.size()));
        String fresh = (existing.equals("/") ? "" : existing) + "/" + "abz".charAt(random.nextInt(3)) + random.nextInt(30);
        byte[] data = new byte[random.nextInt(20)];
        random.nextBytes(data);
        int choice = random.nextInt(100);
        if (choice < 30) {
            return new Txn.SetData(existing, data, random.nextInt(8) == 0 ? 0 : -1);
        }
        if (choice < 55) {
            NodeKind kind = NodeKind.ofOrdinal(random.nextInt(4));
            long owner = kind == NodeKind.EPHEMERAL && !sessions.isEmpty() ? sessions.get(random.nextInt(sessions.size())) : 0;
            return new Txn.Create(fresh, data, kind, random.nextInt(5) == 0, owner, kind == NodeKind.TTL ? 5_000 : 0);
        }
        if (choice < 70) {
            return new Txn.Delete(existing, -1);
        }
        if (choice < 75) {
            return new Txn.SetAcl(existing, random.nextBoolean() ? ALICE_ONLY : Acl.OPEN_ACL_UNSAFE, -1);
        }
        if (choice < 80) {
            return new Txn.CreateSession(2_000, 1);
        }
        if (choice < 84 && !sessions.isEmpty()) {
            return new Txn.CloseSession(sessions.get(random.nextInt(sessions.size())));
        }
        List<Txn> ops = new ArrayList<>();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            ops.add(random.nextBoolean() ? new Txn.SetData(paths.get(random.nextInt(paths.size())), data, -1)
                    : new Txn.Create(fresh + "m" + i, data, NodeKind.PERSISTENT, false, 0, 0));
        }
        return new Txn.Multi(ops);
    }

    private static void assertSameTree(DataTree actual, DataTree expected) {
        assertThat(actual.digest()).isEqualTo(expected.digest());
        assertThat(actual.lastZxid()).isEqualTo(expected.lastZxid());
        assertThat(actual.nodeCount()).isEqualTo(expected.nodeCount());
        actual.nodes.verifyInvariants();
        List<String> actualOrder = new ArrayList<>();
        List<String> expectedOrder = new ArrayList<>();
        actual.nodes.forEach((path, node) -> actualOrder.add(path));
        expected.nodes.forEach((path, node) -> expectedOrder.add(path));
        assertThat(actualOrder).isEqualTo(expectedOrder);
        expected.nodes.forEach((path, node) -> {
            DataNode copy = actual.get(path);
            assertThat(copy.stat()).as(path).isEqualTo(node.stat());
            assertThat(copy.copyData()).as(path).isEqualTo(node.copyData());
            assertThat(copy.acl()).as(path).isEqualTo(node.acl());
            assertThat(copy.childPaths().toList()).as(path).isEqualTo(node.childPaths().toList());
        });
        assertThat(actual.sessions).isEqualTo(expected.sessions);
        assertThat(actual.ephemerals).isEqualTo(expected.ephemerals);
        assertThat(actual.ttlPaths().toList()).isEqualTo(expected.ttlPaths().toList());
    }

    /** {@code tree} as a snapshot load gives it (bulk-built, its trie nodes owned by nobody). */
    private static DataTree snapshotLoaded(DataTree tree) {
        try {
            return SnapshotBulkLoadTest.roundTrip(tree);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Each path's node object, to see that a tree's nodes are still the very same objects. */
    private static Map<String, DataNode> identities(DataTree tree) {
        Map<String, DataNode> nodes = new java.util.HashMap<>();
        tree.nodes.forEach((path, node) -> nodes.put(path, node));
        return nodes;
    }
}
