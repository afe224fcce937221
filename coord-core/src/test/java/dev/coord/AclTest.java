package dev.coord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** AclTest drives ACLs through the public API of a standalone Coordinator. */
class AclTest {
    private static final byte[] ALICE = "alice:secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BOB = "bob:hunter2".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void shouldGrantDigestAclsOnlyToTheSessionThatAuthenticated() {
        try (Coordinator coord = Coordinator.builder().start();
             Session alice = coord.openSession(TIMEOUT);
             Session other = coord.openSession(TIMEOUT)) {
            alice.addAuth("digest", ALICE);
            alice.create("/mine", "v".getBytes(), List.of(Acl.digest("alice", "secret", Perms.ALL)), CreateMode.PERSISTENT);
            assertThat(alice.getData("/mine").data()).containsExactly('v');
            assertThat(other.exists("/mine")).as("exists needs no permission").isNotNull();
            CoordException.NoAuthException denied = catchThrowableOfType(() -> other.getData("/mine"),
                    CoordException.NoAuthException.class);
            assertThat(denied.code()).isEqualTo(CoordException.Code.NO_AUTH);
            assertThat(denied.path()).isEqualTo("/mine");
            assertThat(denied).hasMessageContaining("/mine").hasMessageContaining("READ");
            assertThatThrownBy(() -> other.getChildren("/mine")).isInstanceOf(CoordException.NoAuthException.class);
            assertThatThrownBy(() -> other.setData("/mine", "x".getBytes(), -1))
                    .isInstanceOf(CoordException.NoAuthException.class).hasMessageContaining("WRITE");
            assertThatThrownBy(() -> other.create("/mine/kid", null, CreateMode.PERSISTENT))
                    .isInstanceOf(CoordException.NoAuthException.class).hasMessageContaining("CREATE");
            assertThatThrownBy(() -> other.getACL("/mine")).isInstanceOf(CoordException.NoAuthException.class);
            // A watch does not get around READ either, and a denied read leaves none.
            assertThatThrownBy(() -> other.getData("/mine", e -> { })).isInstanceOf(CoordException.NoAuthException.class);
            assertThat(alice.getData("/mine").data()).containsExactly('v');
            // The same credentials authenticate any session; wrong ones do not.
            other.addAuth("digest", "alice:wrong".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> other.getData("/mine")).isInstanceOf(CoordException.NoAuthException.class);
            other.addAuth("digest", ALICE);
            assertThat(other.getData("/mine").data()).containsExactly('v');
        }
    }

    @Test
    void shouldNeedDeleteOnTheParentAndWriteOnTheNode() {
        try (Coordinator coord = Coordinator.builder().start(); Session bob = coord.openSession(TIMEOUT)) {
            coord.addAuth("digest", ALICE);
            List<Acl> readOnlyForOthers = List.of(Acl.digest("alice", "secret", Perms.ALL), Acl.world(Perms.READ));
            coord.create("/p", null, readOnlyForOthers, CreateMode.PERSISTENT);
            coord.create("/p/c", null, CreateMode.PERSISTENT);
            assertThat(bob.getChildren("/p")).containsExactly("c");
            assertThatThrownBy(() -> bob.delete("/p/c", -1)).isInstanceOf(CoordException.NoAuthException.class)
                    .hasMessageContaining("DELETE").hasMessageContaining("/p");
            bob.setData("/p/c", "open".getBytes(), -1);
            coord.delete("/p/c", -1);
            assertThat(coord.exists("/p/c")).isNull();
        }
    }

    @Test
    void shouldExpandTheAuthSchemeToTheCreatorsIdentities() {
        try (Coordinator coord = Coordinator.builder().start(); Session bob = coord.openSession(TIMEOUT)) {
            assertThatThrownBy(() -> coord.create("/n", null, Acl.CREATOR_ALL_ACL, CreateMode.PERSISTENT))
                    .isInstanceOf(CoordException.InvalidAclException.class);
            assertThat(coord.exists("/n")).isNull();
            coord.addAuth("digest", ALICE);
            coord.addAuth("digest", BOB);
            coord.create("/n", null, Acl.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            assertThat(coord.getACL("/n").acl()).containsExactly(Acl.digest("alice", "secret", Perms.ALL),
                    Acl.digest("bob", "hunter2", Perms.ALL));
            assertThatThrownBy(() -> bob.getData("/n")).isInstanceOf(CoordException.NoAuthException.class);
            bob.addAuth("digest", BOB);
            bob.getData("/n");
        }
    }

    @Test
    void shouldMatchIpAclsAgainstTheLoopbackAddressOfAStandalonePeer() {
        try (Coordinator coord = Coordinator.builder().start()) {
            coord.create("/local", null, List.of(Acl.ip("127.0.0.0/8", Perms.ALL)), CreateMode.PERSISTENT);
            coord.create("/remote", null, List.of(Acl.ip("10.0.0.0/8", Perms.ALL)), CreateMode.PERSISTENT);
            coord.setData("/local", "x".getBytes(), -1);
            assertThatThrownBy(() -> coord.setData("/remote", "x".getBytes(), -1))
                    .isInstanceOf(CoordException.NoAuthException.class).hasMessageContaining("ip:127.0.0.1");
            assertThatThrownBy(() -> coord.create("/bad", null, List.of(Acl.ip("localhost", Perms.ALL)), CreateMode.PERSISTENT))
                    .isInstanceOf(CoordException.InvalidAclException.class).hasMessageContaining("/bad");
        }
    }

    @Test
    void shouldCompareAndSetAclsOnTheirVersion() {
        try (Coordinator coord = Coordinator.builder().start()) {
            coord.create("/n", null, CreateMode.PERSISTENT);
            AclStat open = coord.getACL("/n");
            assertThat(open.acl()).isEqualTo(Acl.OPEN_ACL_UNSAFE);
            assertThat(open.stat().aversion()).isZero();
            Stat set = coord.setACL("/n", List.of(Acl.world(Perms.READ | Perms.ADMIN)), 0);
            assertThat(set.aversion()).isEqualTo(1);
            assertThatThrownBy(() -> coord.setACL("/n", Acl.OPEN_ACL_UNSAFE, 0))
                    .isInstanceOf(CoordException.BadVersionException.class);
            assertThatThrownBy(() -> coord.setData("/n", null, -1)).isInstanceOf(CoordException.NoAuthException.class);
            coord.setACL("/n", Acl.OPEN_ACL_UNSAFE, -1);
            assertThat(coord.getACL("/n").stat().aversion()).isEqualTo(2);
            assertThat(coord.exists("/n").aversion()).isEqualTo(2);
            coord.setData("/n", null, -1);
            assertThatThrownBy(() -> coord.setACL("/missing", Acl.OPEN_ACL_UNSAFE, -1))
                    .isInstanceOf(CoordException.NoNodeException.class);
        }
    }

    @Test
    void shouldLetTheSuperUserPassEveryCheck() {
        try (Coordinator coord = Coordinator.builder().superDigest(Acl.digestId("root", "toor")).start();
             Session admin = coord.openSession(TIMEOUT)) {
            coord.addAuth("digest", ALICE);
            coord.create("/private", "p".getBytes(), List.of(Acl.digest("alice", "secret", Perms.READ)), CreateMode.PERSISTENT);
            assertThatThrownBy(() -> admin.setData("/private", null, -1)).isInstanceOf(CoordException.NoAuthException.class);
            admin.addAuth("digest", "root:toor".getBytes(StandardCharsets.UTF_8));
            admin.setData("/private", "q".getBytes(), -1);
            admin.create("/private/c", null, CreateMode.PERSISTENT);
            admin.setACL("/private", Acl.OPEN_ACL_UNSAFE, -1);
            assertThat(admin.getData("/private").data()).containsExactly('q');
        }
        assertThatThrownBy(() -> Coordinator.builder().superDigest("root:toor").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("superDigest");
    }

    @Test
    void shouldCheckEveryOpOfAMultiAndChangeNothingWhenOneIsDenied() {
        try (Coordinator coord = Coordinator.builder().start(); Session bob = coord.openSession(TIMEOUT)) {
            coord.addAuth("digest", ALICE);
            coord.create("/open", null, CreateMode.PERSISTENT);
            coord.create("/guarded", null, List.of(Acl.digest("alice", "secret", Perms.ALL), Acl.world(Perms.READ)),
                    CreateMode.PERSISTENT);
            long digest = coord.status().digest();
            CoordException e = catchThrowableOfType(() -> bob.multi(List.of(
                    Op.create("/open/a", null, CreateMode.PERSISTENT),
                    Op.setData("/open", "x".getBytes(), -1),
                    Op.create("/guarded/b", null, CreateMode.PERSISTENT))), CoordException.NoAuthException.class);
            assertThat(e.failedOpIndex()).isEqualTo(2);
            assertThat(coord.exists("/open/a")).isNull();
            assertThat(coord.exists("/open").version()).isZero();
            assertThat(coord.status().digest()).isEqualTo(digest);
            // With an ACL in the multi's create.
            coord.multi(List.of(Op.create("/guarded/b", null, Acl.READ_ACL_UNSAFE, CreateMode.PERSISTENT)));
            assertThat(coord.getACL("/guarded/b").acl()).isEqualTo(Acl.READ_ACL_UNSAFE);
        }
    }

    @Test
    void shouldRefuseUnknownSchemesAndMalformedCredentials() {
        try (Coordinator coord = Coordinator.builder().start()) {
            assertThatThrownBy(() -> coord.addAuth("sasl", ALICE)).isInstanceOf(CoordException.AuthFailedException.class)
                    .hasMessageContaining("sasl");
            assertThatThrownBy(() -> coord.addAuth("digest", "no-colon".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(CoordException.AuthFailedException.class);
            assertThatThrownBy(() -> coord.addAuth("digest", ":pw".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(CoordException.AuthFailedException.class);
        }
    }

    @Test
    void shouldKeepAclsAcrossSnapshotsAndRestarts() {
        List<Acl> acl = List.of(Acl.digest("alice", "secret", Perms.ALL), Acl.world(Perms.READ));
        long digest;
        try (Coordinator coord = Coordinator.builder().dataDir(dir).logBlockBytes(1 << 20).snapshotEveryTxns(5).start()) {
            coord.create("/kept", null, acl, CreateMode.PERSISTENT);
            coord.create("/later", null, CreateMode.PERSISTENT);
            coord.setACL("/later", Acl.READ_ACL_UNSAFE, 0);
            for (int i = 0; i < 20; i++) {
                coord.create("/filler-" + i, null, CreateMode.PERSISTENT);
            }
            coord.create("/tail", null, List.of(Acl.world(Perms.READ | Perms.DELETE)), CreateMode.PERSISTENT);
            digest = coord.status().digest();
        }
        try (Coordinator coord = Coordinator.builder().dataDir(dir).logBlockBytes(1 << 20).snapshotEveryTxns(5).start()) {
            // The restart closed the old run's default session: the digest differs only by that.
            assertThat(digest).isNotZero();
            assertThat(coord.getACL("/kept").acl()).isEqualTo(acl);
            assertThat(coord.getACL("/later").acl()).isEqualTo(Acl.READ_ACL_UNSAFE);
            assertThat(coord.getACL("/later").stat().aversion()).isEqualTo(1);
            assertThat(coord.getACL("/tail").acl()).containsExactly(Acl.world(Perms.READ | Perms.DELETE));
            assertThatThrownBy(() -> coord.setData("/kept", null, -1)).isInstanceOf(CoordException.NoAuthException.class);
            coord.addAuth("digest", ALICE);
            coord.setData("/kept", null, -1);
        }
    }

    @Test
    void shouldApplyTheAclToAncestorsCreatedOnTheWay() {
        try (Coordinator coord = Coordinator.builder().start()) {
            List<Acl> readAndCreate = List.of(Acl.world(Perms.READ | Perms.CREATE));
            coord.create("/a/b/c", null, readAndCreate, CreateMode.PERSISTENT, CreateParents.PERSISTENT);
            assertThat(coord.getACL("/a").acl()).isEqualTo(readAndCreate);
            assertThat(coord.getACL("/a/b/c").acl()).isEqualTo(readAndCreate);
            // An ACL without CREATE stops at the first ancestor it guards, and says so.
            assertThatThrownBy(() -> coord.create("/x/y", null, Acl.READ_ACL_UNSAFE, CreateMode.PERSISTENT,
                    CreateParents.PERSISTENT)).isInstanceOf(CoordException.NoAuthException.class).hasMessageContaining("/x");
        }
    }

    @Test
    void shouldApplyAViewsAclToEveryCreateThatNamesNone() {
        try (Coordinator coord = Coordinator.builder().start()) {
            List<Acl> acl = List.of(Acl.world(Perms.READ | Perms.CREATE | Perms.DELETE));
            CoordClient view = coord.withAcl(acl);
            view.create("/plain", null, CreateMode.PERSISTENT);
            view.create("/deep/er", null, CreateMode.PERSISTENT, CreateParents.PERSISTENT);
            view.multi(List.of(Op.create("/in-multi", null, CreateMode.PERSISTENT),
                    Op.create("/explicit", null, List.of(Acl.world(Perms.ALL)), CreateMode.PERSISTENT)));
            view.create("/named", null, Acl.READ_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (String path : List.of("/plain", "/deep", "/deep/er", "/in-multi")) {
                assertThat(coord.getACL(path).acl()).as(path).isEqualTo(acl);
            }
            assertThat(coord.getACL("/explicit").acl()).as("an ACL the op names is kept").isEqualTo(List.of(Acl.world(Perms.ALL)));
            assertThat(coord.getACL("/named").acl()).isEqualTo(Acl.READ_ACL_UNSAFE);
            assertThat(view.sessionId()).isEqualTo(coord.sessionId());
            assertThatThrownBy(() -> coord.withAcl(List.of())).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
