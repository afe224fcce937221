package dev.coord.testkit.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InitialTreeTest {

    @Test
    void shouldAlwaysHaveTheRoot() {
        assertThat(InitialTree.empty().node("/")).isEqualTo(new InitialTree.Node("", 0, 0, InitialTree.PERSISTENT));
        assertThat(InitialTree.empty().with("/", "r", 1, 4).node("/").cversion()).isEqualTo(4);
    }

    @Test
    void shouldListChildrenAndEphemerals() {
        InitialTree tree = InitialTree.empty().with("/a", "", 0, 0).with("/a/b", "", 0, 0).withEphemeral("/a/e", "", 0, 7).with("/c", "", 0, 0);
        assertThat(tree.children("/a")).containsExactly("/a/b", "/a/e");
        assertThat(tree.children("/")).containsExactly("/a", "/c");
        assertThat(tree.ephemeralsOf(7)).containsExactly("/a/e");
        assertThat(tree.node("/a/e").ephemeral()).isTrue();
    }

    @Test
    void shouldRefuseNodesWithoutAParent() {
        assertThatThrownBy(() -> InitialTree.empty().with("/a/b", "", 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/a/b").hasMessageContaining("parent /a");
    }

    @Test
    void shouldRefuseChildrenOfEphemerals() {
        InitialTree tree = InitialTree.empty().withEphemeral("/e", "", 0, 7);
        assertThatThrownBy(() -> tree.with("/e/c", "", 0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ephemeral");
    }

    @Test
    void shouldRefuseMalformedPathsAndSessionZeroAsOwner() {
        assertThatThrownBy(() -> InitialTree.empty().with("a", "", 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InitialTree.empty().with("/a/", "", 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InitialTree.empty().withEphemeral("/e", "", 0, InitialTree.PERSISTENT)).isInstanceOf(IllegalArgumentException.class);
    }
}
