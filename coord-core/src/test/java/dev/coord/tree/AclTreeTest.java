package dev.coord.tree;

import dev.coord.Acl;
import dev.coord.CoordException;
import dev.coord.OpResult;
import dev.coord.Perms;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AclTreeTest checks each permission where the tree applies a write, ACL versions, and ACLs in snapshots. */
class AclTreeTest {
    private static final String ALICE = Acl.digestId("alice", "secret");
    private static final Access AS_ALICE = Access.of("127.0.0.1", List.of(ALICE), null);
    private static final Access AS_NOBODY = Access.of("127.0.0.1", List.of(), null);

    private DataTree tree = DataTree.empty();
    private long zxid;

    private Applied apply(Txn txn, Access access) {
        Applied applied = tree.apply(++zxid, 1_000 + zxid, txn, access);
        tree = applied.tree();
        return applied;
    }

    private static Txn.Create create(String path, List<Acl> acl) {
        return new Txn.Create(path, new byte[] {1}, NodeKind.PERSISTENT, false, 0, 0, acl);
    }

    /** A node "/guarded" on which alice holds every permission but {@code missing} and everyone else none. */
    private void guarded(int missing) {
        apply(create("/guarded", List.of(new Acl("digest", ALICE, Perms.ALL & ~missing))), Access.UNCHECKED);
        apply(create("/guarded/child", Acl.OPEN_ACL_UNSAFE), Access.UNCHECKED);
    }

    private void assertDenied(Txn txn, Access access, String permission) {
        DataTree before = tree;
        long digest = tree.digest();
        assertThatThrownBy(() -> apply(txn, access)).isInstanceOf(CoordException.NoAuthException.class)
                .hasMessageContaining("/guarded").hasMessageContaining(permission);
        assertThat(tree).isSameAs(before);
        assertThat(tree.digest()).isEqualTo(digest);
        zxid--;
    }

    @Test
    void shouldNeedCreateOnTheParentToCreate() {
        guarded(Perms.CREATE);
        assertDenied(create("/guarded/new", Acl.OPEN_ACL_UNSAFE), AS_ALICE, "CREATE");
        assertDenied(create("/guarded/new", Acl.OPEN_ACL_UNSAFE), AS_NOBODY, "CREATE");
        tree.apply(zxid + 1, 0, create("/guarded/new", Acl.OPEN_ACL_UNSAFE), Access.of(null, List.of(ALICE), ALICE));
    }

    @Test
    void shouldNeedDeleteOnTheParentToDelete() {
        guarded(Perms.DELETE);
        assertDenied(new Txn.Delete("/guarded/child", -1), AS_ALICE, "DELETE");
        // The node's own ACL does not matter: the child is open, its parent is not.
        apply(create("/open", Acl.OPEN_ACL_UNSAFE), Access.UNCHECKED);
        apply(create("/open/locked", Acl.READ_ACL_UNSAFE), Access.UNCHECKED);
        apply(new Txn.Delete("/open/locked", -1), AS_NOBODY);
        assertThat(tree.get("/open/locked")).isNull();
    }

    @Test
    void shouldNeedWriteToSetData() {
        guarded(Perms.WRITE);
        assertDenied(new Txn.SetData("/guarded", new byte[] {2}, -1), AS_ALICE, "WRITE");
        apply(new Txn.SetData("/guarded/child", new byte[] {2}, -1), AS_NOBODY);
    }

    @Test
    void shouldNeedReadToCheckAVersionInAMulti() {
        guarded(Perms.READ);
        assertDenied(new Txn.Multi(List.of(new Txn.Check("/guarded", 0))), AS_ALICE, "READ");
    }

    @Test
    void shouldNeedAdminToSetAnAcl() {
        guarded(Perms.ADMIN);
        assertDenied(new Txn.SetAcl("/guarded", Acl.OPEN_ACL_UNSAFE, -1), AS_ALICE, "ADMIN");
    }

    @Test
    void shouldReportAMissingParentBeforeAPermission() {
        guarded(Perms.CREATE);
        assertThatThrownBy(() -> apply(create("/guarded/none/x", Acl.OPEN_ACL_UNSAFE), AS_NOBODY))
                .isInstanceOf(CoordException.NoNodeException.class);
    }

    @Test
    void shouldCompareAndSetTheAclOnItsVersion() {
        apply(create("/n", Acl.OPEN_ACL_UNSAFE), Access.UNCHECKED);
        DataNode before = tree.get("/n");
        Applied set = apply(new Txn.SetAcl("/n", Acl.READ_ACL_UNSAFE, 0), AS_NOBODY);
        assertThat(((OpResult.SetData) set.result()).stat().aversion()).isEqualTo(1);
        DataNode after = tree.get("/n");
        assertThat(after.acl()).isEqualTo(Acl.READ_ACL_UNSAFE);
        assertThat(after.stat().aversion()).isEqualTo(1);
        assertThat(after.stat().version()).isEqualTo(before.stat().version());
        assertThat(after.mzxid()).isEqualTo(before.mzxid());
        assertThat(set.changes()).isEmpty();
        // The stale aversion 0 fails; and world:anyone has no ADMIN any more.
        assertThatThrownBy(() -> apply(new Txn.SetAcl("/n", Acl.OPEN_ACL_UNSAFE, 0), Access.UNCHECKED))
                .isInstanceOf(CoordException.BadVersionException.class).hasMessageContaining("ACL version");
        zxid--;
        assertThatThrownBy(() -> apply(new Txn.SetAcl("/n", Acl.OPEN_ACL_UNSAFE, 1), AS_NOBODY))
                .isInstanceOf(CoordException.NoAuthException.class);
        zxid--;
        apply(new Txn.SetAcl("/n", Acl.OPEN_ACL_UNSAFE, 1), Access.UNCHECKED);
        assertThat(tree.get("/n").stat().aversion()).isEqualTo(2);
    }

    @Test
    void shouldChangeNothingWhenOneOpOfAMultiIsDenied() {
        guarded(Perms.WRITE);
        DataTree before = tree;
        Txn multi = new Txn.Multi(List.of(
                create("/a", Acl.OPEN_ACL_UNSAFE),
                new Txn.SetData("/guarded/child", new byte[] {7}, -1),
                new Txn.SetData("/guarded", new byte[] {7}, -1)));
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> apply(multi, AS_ALICE));
        assertThat(thrown).isInstanceOf(CoordException.NoAuthException.class);
        CoordException e = (CoordException) thrown;
        assertThat(e.failedOpIndex()).isEqualTo(2);
        assertThat(e.opResults()).extracting(r -> ((OpResult.Error) r).code())
                .containsExactly(CoordException.Code.OK, CoordException.Code.OK, CoordException.Code.NO_AUTH);
        assertThat(tree).isSameAs(before);
        assertThat(tree.get("/a")).isNull();
    }

    @Test
    void shouldCheckAnOpOfAMultiAgainstTheAclAnEarlierOpCreated() {
        Txn multi = new Txn.Multi(List.of(
                create("/locked", Acl.READ_ACL_UNSAFE),
                create("/locked/child", Acl.OPEN_ACL_UNSAFE)));
        assertThatThrownBy(() -> apply(multi, AS_NOBODY)).isInstanceOf(CoordException.NoAuthException.class)
                .hasMessageContaining("/locked");
    }

    @Test
    void shouldHashTheDefaultAclAsBeforeAndAnyOtherAclIntoTheDigest() {
        apply(create("/x", Acl.OPEN_ACL_UNSAFE), Access.UNCHECKED);
        long open = tree.digest();
        DataTree withOpen = tree;
        tree = withOpen.apply(zxid + 1, 0, new Txn.SetAcl("/x", Acl.READ_ACL_UNSAFE, -1)).tree();
        long read = tree.digest();
        assertThat(read).isNotEqualTo(open);
        // Setting the default back still differs: the aversion is part of the digest.
        tree = tree.apply(zxid + 2, 0, new Txn.SetAcl("/x", Acl.OPEN_ACL_UNSAFE, -1)).tree();
        assertThat(tree.digest()).isNotEqualTo(open).isNotEqualTo(read);
    }

    private static DataTree roundTrip(DataTree t) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotCodec.write(t, new DataOutputStream(bytes));
        return SnapshotCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    @Test
    void shouldKeepAclsAndAversionsInSnapshots() throws IOException {
        List<Acl> aliceOnly = List.of(new Acl("digest", ALICE, Perms.ALL), Acl.ip("10.0.0.0/8", Perms.READ));
        apply(create("/a", aliceOnly), Access.UNCHECKED);
        apply(create("/a/b", aliceOnly), Access.UNCHECKED);
        apply(create("/c", Acl.READ_ACL_UNSAFE), Access.UNCHECKED);
        apply(new Txn.SetAcl("/c", Acl.OPEN_ACL_UNSAFE, 0), Access.UNCHECKED);
        DataTree read = roundTrip(tree);
        assertThat(read.digest()).isEqualTo(tree.digest());
        assertThat(read.get("/a").acl()).isEqualTo(aliceOnly);
        assertThat(read.get("/a/b").acl()).isEqualTo(aliceOnly);
        assertThat(read.get("/c").acl()).isEqualTo(Acl.OPEN_ACL_UNSAFE);
        assertThat(read.get("/c").stat()).isEqualTo(tree.get("/c").stat());
        assertThat(read.get("/c").stat().aversion()).isEqualTo(1);
        // Checks work on the restored tree as on the original.
        assertThatThrownBy(() -> read.apply(zxid + 1, 0, new Txn.SetData("/a", new byte[0], -1), AS_NOBODY))
                .isInstanceOf(CoordException.NoAuthException.class);
    }

    /**
     * A snapshot of format 1 (written before ACLs existed) still loads: its nodes get the default ACL,
     * and its digest, computed without ACLs, still verifies. The bytes are written here field by field
     * as the format 1 layout of SnapshotCodec's diagram says.
     */
    @Test
    void shouldReadASnapshotWrittenBeforeAclsExisted() throws IOException {
        apply(new Txn.CreateSession(5_000, 1), Access.UNCHECKED);
        long session = zxid;
        apply(create("/a", Acl.OPEN_ACL_UNSAFE), Access.UNCHECKED);
        apply(new Txn.Create("/a/e", new byte[] {9}, NodeKind.EPHEMERAL, false, session, 0), Access.UNCHECKED);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(0x434F4F5244534E50L);
        out.writeInt(1);
        out.writeLong(tree.lastZxid());
        out.writeLong(tree.digest());
        out.writeInt(1);
        out.writeLong(session);
        out.writeLong(5_000);
        out.writeInt(1);
        out.writeInt(tree.nodeCount());
        tree.forEachNodeDepthFirst((path, n) -> {
            try {
                byte[] p = path.getBytes(StandardCharsets.UTF_8);
                out.writeInt(p.length);
                out.write(p);
                byte[] data = n.copyData();
                out.writeInt(data.length);
                out.write(data);
                out.writeLong(n.czxid());
                out.writeLong(n.mzxid());
                out.writeLong(n.pzxid());
                out.writeLong(n.stat().ctime());
                out.writeLong(n.mtime());
                out.writeInt(n.version());
                out.writeInt(n.cversion());
                out.writeLong(n.ephemeralOwner());
                out.writeByte(n.kind().ordinal());
                out.writeLong(n.ttlMs());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        out.writeLong(0x534E50454E442E2EL);
        DataTree read = SnapshotCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(read.digest()).isEqualTo(tree.digest());
        assertThat(read.get("/a/e").acl()).isEqualTo(Acl.OPEN_ACL_UNSAFE);
        assertThat(read.get("/a").stat()).isEqualTo(tree.get("/a").stat());
    }
}
