package dev.coord.tree;

import dev.coord.Acl;
import dev.coord.Perms;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SnapshotBulkLoadTest checks that the bulk-built tree a snapshot reads back equals the tree written,
 * node by node (data, stat, ACL, children in order), in its sessions, indexes and digest, and that
 * the bulk-built maps and children sets are the canonical structures puts and adds would give.
 */
class SnapshotBulkLoadTest {
    private static final List<Acl> ALICE_ONLY = List.of(new Acl("digest", Acl.digestId("alice", "pw"), Perms.ALL));

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261126})
    void shouldReadBackARandomTreeEqualToTheOriginal(long seed) throws IOException {
        DataTree original = randomTree(new Random(seed), 3_000);
        DataTree loaded = roundTrip(original);

        assertThat(loaded.digest()).isEqualTo(original.digest());
        assertThat(loaded.lastZxid()).isEqualTo(original.lastZxid());
        assertThat(loaded.nodeCount()).isEqualTo(original.nodeCount());
        loaded.nodes.verifyInvariants();
        List<String> originalOrder = new ArrayList<>();
        List<String> loadedOrder = new ArrayList<>();
        original.nodes.forEach((path, node) -> originalOrder.add(path));
        loaded.nodes.forEach((path, node) -> loadedOrder.add(path));
        assertThat(loadedOrder).isEqualTo(originalOrder);
        original.forEachNodeDepthFirst((path, node) -> {
            DataNode copy = loaded.get(path);
            assertThat(copy).as(path).isNotNull();
            assertThat(copy.stat()).as(path).isEqualTo(node.stat());
            assertThat(copy.copyData()).as(path).isEqualTo(node.copyData());
            assertThat(copy.acl()).as(path).isEqualTo(node.acl());
            assertThat(copy.kind()).as(path).isEqualTo(node.kind());
            assertThat(copy.ttlMs()).as(path).isEqualTo(node.ttlMs());
            assertThat(copy.dataHash).as(path).isEqualTo(node.dataHash);
            assertThat(copy.childNames()).as(path).isEqualTo(node.childNames());
            copy.childPaths().verifyInvariants();
        });
        assertThat(loaded.sessions).isEqualTo(original.sessions);
        assertThat(loaded.ephemerals).isEqualTo(original.ephemerals);
        assertThat(loaded.ttlPaths().toList()).isEqualTo(original.ttlPaths().toList());
        assertThat(loaded.ttlPaths().toList()).isNotEmpty();
        assertThat(loaded.ephemerals).isNotEqualTo(PersistentMap.empty());
        // A loaded tree keeps working as the original does.
        Txn create = new Txn.Create("/fresh", new byte[] {7}, NodeKind.PERSISTENT, false, 0, 0);
        long next = original.lastZxid() + 1;
        assertThat(loaded.apply(next, 5, create).tree().digest())
                .isEqualTo(original.apply(next, 5, create).tree().digest());
    }

    @Test
    void shouldStillRejectADuplicateNode() {
        assertThatThrownBy(() -> build("/", "/a", "/a")).isInstanceOf(IOException.class).hasMessageContaining("node /a appears twice");
        // Depth-first, the copy's subtree hangs under the copy: still caught, at the name given twice.
        assertThatThrownBy(() -> build("/", "/a", "/a/b", "/a", "/a/c"))
                .isInstanceOf(IOException.class).hasMessageContaining("node /a appears twice");
        assertThatThrownBy(() -> build("/", "/a", "/a/b", "/a/b/c", "/a/b/c"))
                .isInstanceOf(IOException.class).hasMessageContaining("node /a/b/c appears twice");
        // Not depth-first (the index is made at /b/x, and catches the later copy as it is added).
        assertThatThrownBy(() -> build("/", "/a", "/b", "/a/x", "/b/x", "/a/x"))
                .isInstanceOf(IOException.class).hasMessageContaining("node /a/x appears twice");
        // Not depth-first, and the copy came before the index was made.
        assertThatThrownBy(() -> build("/", "/a", "/b", "/b", "/a/x"))
                .isInstanceOf(IOException.class).hasMessageContaining("node /b appears twice");
    }

    private static DataTree build(String... paths) throws IOException {
        TreeBuilder builder = new TreeBuilder(1);
        for (String path : paths) {
            builder.addNode(path, DataTree.empty().get("/"));
        }
        return builder.build();
    }

    @Test
    void shouldBuildTheSameTreeFromNodesInAnyParentsFirstOrder() throws IOException {
        DataTree original = randomTree(new Random(5), 2_000);
        List<String> paths = new ArrayList<>();
        original.forEachNodeDepthFirst((path, node) -> paths.add(path));
        // Shallow first, and among equals in reverse name order: parents first, but not depth-first,
        // and every parent's children come in descending order.
        paths.sort(Comparator.comparingInt((String p) -> p.split("/").length).thenComparing(Comparator.reverseOrder()));
        TreeBuilder builder = new TreeBuilder(original.lastZxid());
        original.forEachSession((id, info) -> {
            try {
                builder.addSession(id, info);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        for (String path : paths) {
            DataNode node = original.get(path);
            builder.addNode(path, node.withChildrenUnchangedStat(ChildSet.empty()));
        }
        DataTree rebuilt = builder.build();
        assertThat(rebuilt.digest()).isEqualTo(original.digest());
        original.forEachNodeDepthFirst((path, node) -> {
            assertThat(rebuilt.get(path).childNames()).as(path).isEqualTo(node.childNames());
            rebuilt.get(path).childPaths().verifyInvariants();
        });
        assertThat(rebuilt.ephemerals).isEqualTo(original.ephemerals);
        assertThat(rebuilt.ttlPaths().toList()).isEqualTo(original.ttlPaths().toList());
    }

    @Test
    void shouldRejectMalformedNodeOrders() throws IOException {
        DataNode plain = DataTree.empty().get("/");
        assertThatThrownBy(() -> new TreeBuilder(1).addNode("/a", plain))
                .isInstanceOf(IOException.class).hasMessageContaining("/a comes before its parent");
        TreeBuilder builder = new TreeBuilder(1);
        builder.addNode("/", plain);
        builder.addNode("/a", plain);
        assertThatThrownBy(() -> builder.addNode("/a/b/c", plain))
                .isInstanceOf(IOException.class).hasMessageContaining("/a/b/c comes before its parent");
        assertThatThrownBy(() -> builder.addNode("/", plain))
                .isInstanceOf(IOException.class).hasMessageContaining("/ appears twice");
        assertThatThrownBy(() -> builder.addNode("/a/", plain))
                .isInstanceOf(IOException.class).hasMessageContaining("invalid path");
        DataNode ephemeral = DataNode.created(new byte[0], 1, 1, 0x77, NodeKind.EPHEMERAL, 0, Acl.OPEN_ACL_UNSAFE);
        assertThatThrownBy(() -> builder.addNode("/e", ephemeral))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown session 0x77");
        assertThatThrownBy(() -> new TreeBuilder(1).build())
                .isInstanceOf(IOException.class).hasMessageContaining("no root");
    }

    @Test
    void shouldBulkBuildTheSameMapAsPuts() {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            int n = random.nextInt(round < 10 ? 5 : 5_000);
            Object[] keys = new Object[n];
            Object[] values = new Object[n];
            PersistentMap<Object, Object> byPuts = PersistentMap.empty();
            for (int i = 0; i < n; i++) {
                // ChosenHashKey-like collisions: many keys share few hashes in some rounds.
                Object key = round % 3 == 0 ? new ChosenHashKey(random.nextInt(4) << 30 | random.nextInt(3) << 5 | random.nextInt(2), i) : "k" + i;
                keys[i] = key;
                values[i] = i;
                byPuts = byPuts.put(key, i);
            }
            PersistentMap<Object, Object> bulk = HamtBulkBuilder.of(keys, values, n);
            bulk.verifyInvariants();
            assertThat(bulk).isEqualTo(byPuts);
            assertThat(bulk.size()).isEqualTo(n);
            assertThat(bulk.toString()).isEqualTo(byPuts.toString());
        }
    }

    @Test
    void shouldRejectDuplicateKeysInBulk() {
        assertThatThrownBy(() -> HamtBulkBuilder.of(new Object[] {"a", "b", "a"}, new Object[] {1, 2, 3}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a");
    }

    @Test
    void shouldBuildABalancedChildSetFromNamesInAnyOrder() {
        Random random = new Random(11);
        for (int n = 0; n < 300; n++) {
            String[] names = new String[n];
            ChildSet byAdds = ChildSet.empty();
            for (int i = 0; i < n; i++) {
                names[i] = Integer.toString(random.nextInt(1 << 20), 36) + "-" + i;
                byAdds = byAdds.add(names[i]);
            }
            ChildSet bulk = ChildSet.ofNames(names.clone(), 0, n);
            bulk.verifyInvariants();
            assertThat(bulk.toList()).isEqualTo(byAdds.toList());
            assertThat(bulk).isEqualTo(byAdds);
        }
        assertThatThrownBy(() -> ChildSet.ofNames(new String[] {"b", "a", "b"}, 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b appears twice");
    }

    static DataTree roundTrip(DataTree tree) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotCodec.write(tree, new DataOutputStream(bytes));
        return SnapshotCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    /**
     * A tree of about {@code size} nodes built by transactions: nested paths whose names sort
     * differently from depth-first order, random data, ACLs, ephemerals, TTL nodes, sequential
     * nodes, updates and deletes.
     */
    static DataTree randomTree(Random random, int size) {
        DataTree tree = DataTree.empty();
        long zxid = 0;
        List<Long> sessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Applied applied = tree.apply(++zxid, zxid, new Txn.CreateSession(1_000 + i, i));
            tree = applied.tree();
            sessions.add((Long) applied.result());
        }
        List<String> parents = new ArrayList<>(List.of("/"));
        String[] names = {"a", "a-b", "a.b", "b", "z", "é", "0"};
        for (int i = 0; i < size; i++) {
            String parent = parents.get(random.nextInt(parents.size()));
            String name = names[random.nextInt(names.length)] + random.nextInt(40);
            String path = parent.equals("/") ? "/" + name : parent + "/" + name;
            if (tree.get(path) != null) {
                Txn update = random.nextInt(4) == 0 && tree.get(path).childCount() == 0
                        ? new Txn.Delete(path, -1)
                        : random.nextBoolean() ? new Txn.SetData(path, data(random), -1)
                        : new Txn.SetAcl(path, ALICE_ONLY, -1);
                tree = tree.apply(++zxid, zxid, update).tree();
                if (update instanceof Txn.Delete) {
                    parents.remove(path);
                }
                continue;
            }
            int kind = random.nextInt(10);
            Txn create;
            if (kind == 0) {
                create = new Txn.Create(path, data(random), NodeKind.EPHEMERAL, false,
                        sessions.get(random.nextInt(sessions.size())), 0);
            } else if (kind == 1) {
                create = new Txn.Create(path, data(random), NodeKind.TTL, false, 0, 1 + random.nextInt(10_000));
            } else if (kind == 2) {
                create = new Txn.Create(path, data(random), NodeKind.PERSISTENT, false, 0, 0, Acl.READ_ACL_UNSAFE);
            } else {
                create = new Txn.Create(path, data(random), NodeKind.PERSISTENT, kind == 3, 0, 0);
            }
            Applied applied = tree.apply(++zxid, zxid, create);
            tree = applied.tree();
            if (kind > 0) {
                parents.add(((dev.coord.OpResult.Create) applied.result()).path());
            }
        }
        return tree;
    }

    private static byte[] data(Random random) {
        byte[] data = new byte[random.nextInt(40)];
        random.nextBytes(data);
        return data;
    }
}
