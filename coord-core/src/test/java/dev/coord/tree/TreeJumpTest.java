package dev.coord.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.EventType;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeJumpTest {
    private long zxid;
    private DataTree tree = DataTree.empty();

    private void apply(Txn txn) {
        tree = tree.apply(++zxid, 1000 + zxid, txn).tree();
    }

    private static Txn.Create create(String path) {
        return new Txn.Create(path, new byte[] {1}, NodeKind.PERSISTENT, false, 0, 0);
    }

    @Test
    void shouldDeriveDeletionsDeepestFirstThenCreationsThenUpdatesForWatchedPathsAndSubtrees() {
        apply(create("/w"));
        apply(create("/w/old"));
        apply(create("/w/old/leaf"));
        apply(create("/w/same"));
        apply(create("/w/again"));
        apply(create("/unwatched"));
        DataTree before = tree;
        apply(new Txn.Delete("/w/old/leaf", -1));
        apply(new Txn.Delete("/w/old", -1));
        apply(new Txn.Delete("/w/again", -1));
        apply(create("/w/again"));
        apply(create("/w/new"));
        apply(create("/w/new/leaf"));
        apply(new Txn.SetData("/w/same", new byte[] {2}, -1));
        apply(new Txn.SetData("/unwatched", new byte[] {2}, -1));

        List<Change> changes = TreeJump.changes(before, tree, List.of("/w/same"), List.of("/w"));

        assertThat(changes).containsExactly(
                new Change(EventType.NODE_DELETED, "/w/old/leaf"),
                new Change(EventType.NODE_DELETED, "/w/again"),
                new Change(EventType.NODE_DELETED, "/w/old"),
                new Change(EventType.NODE_CREATED, "/w/again"),
                new Change(EventType.NODE_CREATED, "/w/new"),
                new Change(EventType.NODE_CREATED, "/w/new/leaf"),
                new Change(EventType.NODE_CHILDREN_CHANGED, "/w"),
                new Change(EventType.NODE_DATA_CHANGED, "/w/same"));
    }

    @Test
    void shouldDeriveNothingWhenTheWatchedPathsDidNotChange() {
        apply(create("/a"));
        DataTree before = tree;
        apply(create("/b"));
        assertThat(TreeJump.changes(before, tree, List.of("/a", "/missing"), List.of("/a"))).isEmpty();
    }
}
