package dev.coord.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.Acl;
import dev.coord.CoordException;
import dev.coord.Perms;
import dev.coord.tree.TxnPreparer;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ForwardedWriteTest: the leader prepares a forwarded transaction again with its own rules, so a
 * hand-made transaction that no peer would prepare for its own client is refused with the error a
 * local request gets, and one that passes is proposed as the leader prepared it.
 */
class ForwardedWriteTest {
    private static final long SESSION = 0x1_0000_0007L;
    private static final int PEER = 2;
    private final TxnPreparer leader = new TxnPreparer(100);

    private Txn recheck(Txn txn) {
        return ForwardedWrite.recheck(leader, txn, PEER, SESSION, List.of());
    }

    @Test
    void shouldProposeWhatTheLeaderPreparesForAValidWrite() {
        Txn.Create create = new Txn.Create("/a", new byte[10], NodeKind.EPHEMERAL, true, SESSION, 0);
        Txn.Create checked = (Txn.Create) recheck(create);
        assertThat(checked.path()).isEqualTo("/a");
        assertThat(checked.data()).hasSize(10);
        assertThat(checked.kind()).isEqualTo(NodeKind.EPHEMERAL);
        assertThat(checked.sequential()).isTrue();
        assertThat(checked.ephemeralOwner()).isEqualTo(SESSION);
        assertThat(checked.acl()).isEqualTo(Acl.OPEN_ACL_UNSAFE);
        Txn.Multi multi = (Txn.Multi) recheck(new Txn.Multi(List.of(new Txn.SetData("/a", new byte[3], 4),
                new Txn.Delete("/b", -1), new Txn.Check("/c", 1))));
        assertThat(multi.ops()).hasSize(3);
        assertThat(recheck(new Txn.CloseSession(SESSION))).isEqualTo(new Txn.CloseSession(SESSION));
        assertThat(recheck(new Txn.CreateSession(4000, PEER))).isEqualTo(new Txn.CreateSession(4000, PEER));
    }

    @Test
    void shouldRefuseDataOverTheLeadersLimitNamingThePathAndTheLimit() {
        assertThatThrownBy(() -> recheck(new Txn.SetData("/big", new byte[101], -1)))
                .isInstanceOf(CoordException.BadArgumentsException.class)
                .hasMessageContaining("/big").hasMessageContaining("101 bytes, more than the limit of 100");
        assertThatThrownBy(() -> recheck(new Txn.Create("/big", new byte[101], NodeKind.PERSISTENT, false, 0, 0)))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("the limit of 100");
    }

    @Test
    void shouldRefuseAMalformedPath() {
        assertThatThrownBy(() -> recheck(new Txn.Create("no/slash", new byte[0], NodeKind.PERSISTENT, false, 0, 0)))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("no/slash");
        assertThatThrownBy(() -> recheck(new Txn.Delete("/a//b", -1)))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("/a//b");
        assertThatThrownBy(() -> recheck(new Txn.Delete("/", -1)))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("root");
    }

    @Test
    void shouldRefuseAnInvalidAcl() {
        List<Acl> broken = List.of(new Acl("digest", "not-a-digest", Perms.ALL));
        assertThatThrownBy(() -> recheck(new Txn.Create("/x", new byte[0], NodeKind.PERSISTENT, false, 0, 0, broken)))
                .isInstanceOf(CoordException.InvalidAclException.class).hasMessageContaining("/x").hasMessageContaining("digest");
        assertThatThrownBy(() -> recheck(new Txn.SetAcl("/x", List.of(new Acl("world", "anyone", 0)), -1)))
                .isInstanceOf(CoordException.InvalidAclException.class).hasMessageContaining("permissions");
    }

    @Test
    void shouldRefuseModeAndTtlRulesBroken() {
        assertThatThrownBy(() -> recheck(new Txn.Create("/t", new byte[0], NodeKind.PERSISTENT, false, 0, 5_000)))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("TTL");
        assertThatThrownBy(() -> recheck(new Txn.Create("/t", new byte[0], NodeKind.TTL, false, 0, 0)))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("ttlMs");
        assertThatThrownBy(() -> recheck(new Txn.Create("/c", new byte[0], NodeKind.CONTAINER, true, 0, 0)))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("no create mode");
        assertThatThrownBy(() -> recheck(new Txn.Create("/", new byte[0], NodeKind.PERSISTENT, true, 0, 0)))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("root");
    }

    @Test
    void shouldRefuseWhatDoesNotMatchTheForwardingSessionOrPeer() {
        assertThatThrownBy(() -> recheck(new Txn.Create("/e", new byte[0], NodeKind.EPHEMERAL, false, 0x99, 0)))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("ephemeral owner 0x99");
        assertThatThrownBy(() -> recheck(new Txn.Create("/p", new byte[0], NodeKind.PERSISTENT, false, SESSION, 0)))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("ephemeral owner");
        assertThatThrownBy(() -> recheck(new Txn.CloseSession(0x99)))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("another session");
        assertThatThrownBy(() -> recheck(new Txn.CreateSession(4000, 3)))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("owned by peer 3");
        assertThatThrownBy(() -> recheck(new Txn.Multi(List.of(new Txn.CloseSession(SESSION)))))
                .isInstanceOf(CoordException.BadArgumentsException.class).hasMessageContaining("a multi holds only");
    }

    @Test
    void shouldRefuseAMultiWithABadOpAsALocalMultiIsRefused() {
        Txn.Multi multi = new Txn.Multi(List.of(new Txn.Check("/ok", -1), new Txn.SetData("bad", new byte[0], -1)));
        assertThatThrownBy(() -> recheck(multi)).isInstanceOf(CoordException.BadArgumentsException.class)
                .hasMessageContaining("bad")
                .satisfies(e -> assertThat(((CoordException) e).failedOpIndex()).isEqualTo(1));
    }
}
