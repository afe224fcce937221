package dev.coord.tree;

import dev.coord.CoordException;
import dev.coord.EventType;
import dev.coord.OpResult;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataTreeTest {
    private long zxid;
    private DataTree tree = DataTree.empty();

    private Applied apply(Txn txn) {
        Applied applied = tree.apply(++zxid, 1000 + zxid, txn);
        tree = applied.tree();
        return applied;
    }

    private static Txn.Create create(String path, NodeKind kind) {
        return new Txn.Create(path, new byte[] {1}, kind, false, 0, kind == NodeKind.TTL ? 60_000 : 0);
    }

    @Test
    void shouldLeaveTheOldTreeUnchangedWhenApplying() {
        DataTree before = tree;
        apply(create("/a", NodeKind.PERSISTENT));
        assertThat(before.get("/a")).isNull();
        assertThat(tree.get("/a")).isNotNull();
        assertThat(before.get("/").childCount()).isZero();
    }

    @Test
    void shouldVisitParentsBeforeChildrenAndChildrenInNameOrderDepthFirst() {
        for (String path : List.of("/b", "/a", "/a/y", "/a/x", "/a/x/deep", "/b/z", "/c", "/a/x/deep/er")) {
            apply(create(path, NodeKind.PERSISTENT));
        }
        List<String> visited = new java.util.ArrayList<>();
        tree.forEachNodeDepthFirst((path, node) -> {
            assertThat(node).isSameAs(tree.get(path));
            visited.add(path);
        });
        assertThat(visited).containsExactly("/", "/a", "/a/x", "/a/x/deep", "/a/x/deep/er", "/a/y", "/b", "/b/z", "/c");
    }

    @Test
    void shouldKeepEachChildsPathOnceSharedByTheNodeMapAndTheParentsChildren() throws IOException {
        for (String path : List.of("/b", "/a", "/a/y", "/a/x", "/b/z")) {
            apply(create(new String(path.toCharArray()), NodeKind.PERSISTENT));
        }
        apply(new Txn.SetData(new String("/a/x".toCharArray()), new byte[] {2}, -1));
        assertChildPathsAreTheMapKeys(tree);
        assertThat(tree.get("/a").childNames()).containsExactly("x", "y");
        assertThat(tree.get("/").childNames()).containsExactly("a", "b");
        assertThat(tree.get("/").childPaths().toList()).containsExactly("/a", "/b");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotCodec.write(tree, new DataOutputStream(bytes));
        assertChildPathsAreTheMapKeys(SnapshotCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }

    /** Asserts that every child path in a children set is the very string its node is keyed by. */
    static void assertChildPathsAreTheMapKeys(DataTree tree) {
        int[] checked = {0};
        tree.nodes.forEach((path, node) -> {
            if (!path.equals(PathRules.ROOT)) {
                DataNode parent = tree.get(PathRules.parent(path));
                boolean same = false;
                for (java.util.Iterator<String> it = parent.childPaths().iterator(); it.hasNext(); ) {
                    same |= it.next() == path;
                }
                assertThat(same).as("the children of %s hold the key string of %s", PathRules.parent(path), path).isTrue();
                checked[0]++;
            }
        });
        assertThat(checked[0]).isEqualTo(tree.nodeCount() - 1);
    }

    @Test
    void shouldShareTraitsBetweenNodesThatHaveTheSameOnes() {
        List<dev.coord.Acl> readOnly = List.of(new dev.coord.Acl("world", "anyone", dev.coord.Perms.READ | dev.coord.Perms.CREATE));
        apply(new Txn.Create("/acl", new byte[0], NodeKind.PERSISTENT, false, 0, 0, readOnly));
        apply(new Txn.Create("/acl/same", new byte[0], NodeKind.PERSISTENT, false, 0, 0, List.copyOf(new java.util.ArrayList<>(readOnly))));
        apply(new Txn.Create("/acl/open", new byte[0], NodeKind.PERSISTENT, false, 0, 0));
        apply(new Txn.Create("/acl/ttl", new byte[0], NodeKind.TTL, false, 0, 5_000, readOnly));
        assertThat(tree.get("/acl/same").traits).isSameAs(tree.get("/acl").traits);
        assertThat(tree.get("/acl/open").traits).isSameAs(NodeTraits.DEFAULT).isSameAs(tree.get("/").traits);
        assertThat(tree.get("/acl/ttl").traits).isNotSameAs(tree.get("/acl").traits);
        assertThat(tree.get("/acl/ttl").ttlMs()).isEqualTo(5_000);
        assertThat(tree.get("/acl/ttl").acl()).isEqualTo(readOnly);
        apply(new Txn.SetAcl("/acl/open", readOnly, -1));
        assertThat(tree.get("/acl/open").traits).isNotSameAs(NodeTraits.DEFAULT);
        assertThat(tree.get("/acl/open").aversion()).isEqualTo(1);
        assertThat(tree.get("/acl/open").acl()).isEqualTo(readOnly);
        apply(new Txn.SetAcl("/acl/open", dev.coord.Acl.OPEN_ACL_UNSAFE, -1));
        assertThat(tree.get("/acl/open").aversion()).as("back to the open ACL, but its version stays changed").isEqualTo(2);
        assertThat(tree.get("/acl/open").traits).isNotSameAs(NodeTraits.DEFAULT);
    }

    @Test
    void shouldDeleteAContainerOnceItsLastChildGoesInTheSameTransaction() {
        apply(create("/c", NodeKind.CONTAINER));
        apply(create("/c/inner", NodeKind.CONTAINER));
        apply(create("/c/inner/x", NodeKind.PERSISTENT));
        Applied applied = apply(new Txn.Delete("/c/inner/x", -1));
        assertThat(tree.get("/c")).isNull();
        assertThat(tree.get("/c/inner")).isNull();
        assertThat(applied.changes()).containsExactly(
                new Change(EventType.NODE_DELETED, "/c/inner/x"),
                new Change(EventType.NODE_CHILDREN_CHANGED, "/c/inner"),
                new Change(EventType.NODE_DELETED, "/c/inner"),
                new Change(EventType.NODE_CHILDREN_CHANGED, "/c"),
                new Change(EventType.NODE_DELETED, "/c"),
                new Change(EventType.NODE_CHILDREN_CHANGED, "/"));
        assertThat(tree.get("/").cversion()).isEqualTo(2);
        assertThat(tree.get("/").pzxid()).isEqualTo(zxid);
    }

    @Test
    void shouldKeepAContainerThatNeverHadChildren() {
        apply(create("/c", NodeKind.CONTAINER));
        apply(create("/other", NodeKind.PERSISTENT));
        apply(new Txn.Delete("/other", -1));
        assertThat(tree.get("/c")).isNotNull();
    }

    @Test
    void shouldDeleteEphemeralsWhenTheirSessionCloses() {
        long session = (Long) apply(new Txn.CreateSession(5000, 1)).result();
        apply(create("/p", NodeKind.PERSISTENT));
        apply(new Txn.Create("/p/e1", new byte[0], NodeKind.EPHEMERAL, false, session, 0));
        apply(new Txn.Create("/p/e2", new byte[0], NodeKind.EPHEMERAL, true, session, 0));
        assertThat(tree.ephemerals(session).toList()).containsExactly("/p/e1", "/p/e20000000001");
        apply(new Txn.CloseSession(session));
        assertThat(tree.get("/p").childCount() == 0).isTrue();
        assertThat(tree.session(session)).isNull();
        assertThat(tree.ephemerals(session).isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseAnEphemeralOfASessionThatIsNotLive() {
        assertThatThrownBy(() -> apply(new Txn.Create("/e", new byte[0], NodeKind.EPHEMERAL, false, 99, 0)))
                .isInstanceOf(CoordException.SessionExpiredException.class);
        assertThat(tree.get("/e")).isNull();
    }

    @Test
    void shouldNumberSequentialChildrenFromTheParentsCversion() {
        apply(create("/q", NodeKind.PERSISTENT));
        apply(create("/q/x", NodeKind.PERSISTENT));
        apply(new Txn.Delete("/q/x", -1));
        Applied applied = apply(new Txn.Create("/q/item-", new byte[0], NodeKind.PERSISTENT, true, 0, 0));
        assertThat(((OpResult.Create) applied.result()).path()).isEqualTo("/q/item-0000000002");
    }

    @Test
    void shouldApplyNothingOfAFailedMulti() {
        apply(create("/m", NodeKind.PERSISTENT));
        DataTree before = tree;
        assertThatThrownBy(() -> apply(new Txn.Multi(List.of(
                create("/m/a", NodeKind.PERSISTENT), new Txn.Check("/m", 7)))))
                .isInstanceOfSatisfying(CoordException.BadVersionException.class, e -> {
                    assertThat(e.failedOpIndex()).isEqualTo(1);
                    assertThat(e.opResults()).containsExactly(new OpResult.Error(CoordException.Code.OK),
                            new OpResult.Error(CoordException.Code.BAD_VERSION));
                });
        assertThat(tree).isSameAs(before);
    }

    @Test
    void shouldTrackTtlNodes() {
        apply(create("/t", NodeKind.TTL));
        assertThat(tree.ttlPaths().toList()).containsExactly("/t");
        apply(new Txn.Delete("/t", -1));
        assertThat(tree.ttlPaths().isEmpty()).isTrue();
    }

    @Test
    void shouldRoundTripThroughASnapshotWithTheSameDigest() throws IOException {
        long session = (Long) apply(new Txn.CreateSession(5000, 3)).result();
        apply(create("/a", NodeKind.PERSISTENT));
        apply(create("/a/b", NodeKind.CONTAINER));
        apply(create("/a/b/c", NodeKind.TTL));
        apply(new Txn.Create("/a/e", new byte[] {9, 9}, NodeKind.EPHEMERAL, false, session, 0));
        apply(new Txn.SetData("/a", new byte[] {4, 5, 6}, -1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotCodec.write(tree, new DataOutputStream(bytes));
        DataTree read = SnapshotCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(read.digest()).isEqualTo(tree.digest());
        assertThat(read.lastZxid()).isEqualTo(tree.lastZxid());
        assertThat(read.get("/a").stat()).isEqualTo(tree.get("/a").stat());
        assertThat(read.ephemerals(session).toList()).containsExactly("/a/e");
        assertThat(read.ttlPaths().toList()).containsExactly("/a/b/c");
        // The rebuilt tree keeps working identically.
        Txn next = new Txn.CloseSession(session);
        assertThat(read.apply(zxid + 1, 0, next).tree().digest()).isEqualTo(tree.apply(zxid + 1, 0, next).tree().digest());
    }

    @Test
    void shouldChangeTheDigestWithAnyStatField() {
        apply(create("/d", NodeKind.PERSISTENT));
        long before = tree.digest();
        apply(new Txn.SetData("/d", new byte[] {1}, -1));
        assertThat(tree.digest()).isNotEqualTo(before);
    }
}
