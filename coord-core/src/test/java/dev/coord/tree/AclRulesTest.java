package dev.coord.tree;

import dev.coord.Acl;
import dev.coord.CoordException;
import dev.coord.Perms;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

class AclRulesTest {
    private static final String ALICE = Acl.digestId("alice", "secret");
    private static final String BOB = Acl.digestId("bob", "hunter2");
    private static final Access NOBODY = Access.of(null, List.of(), null);

    @Test
    void shouldStoreTheDigestOfUserAndPasswordNeverThePassword() {
        assertThat(ALICE).startsWith("alice:").doesNotContain("secret").hasSize("alice:".length() + 28);
        assertThat(Acl.digestId("alice", "secret")).isEqualTo(ALICE);
        assertThat(Acl.digestId("alice", "other")).isNotEqualTo(ALICE);
        assertThat(AclRules.isDigestId(ALICE)).isTrue();
        assertThat(AclRules.isDigestId("alice:secret")).isFalse();
    }

    @Test
    void shouldGrantWorldEntriesToEveryone() {
        assertThat(AclRules.permits(Acl.READ_ACL_UNSAFE, Perms.READ, NOBODY)).isTrue();
        assertThat(AclRules.permits(Acl.READ_ACL_UNSAFE, Perms.WRITE, NOBODY)).isFalse();
        assertThat(AclRules.permits(Acl.OPEN_ACL_UNSAFE, Perms.ADMIN, NOBODY)).isTrue();
    }

    @Test
    void shouldGrantDigestEntriesOnlyToTheirIdentity() {
        List<Acl> acl = List.of(new Acl("digest", ALICE, Perms.READ | Perms.WRITE));
        assertThat(AclRules.permits(acl, Perms.WRITE, Access.of(null, List.of(ALICE), null))).isTrue();
        assertThat(AclRules.permits(acl, Perms.DELETE, Access.of(null, List.of(ALICE), null))).isFalse();
        assertThat(AclRules.permits(acl, Perms.READ, Access.of(null, List.of(BOB), null))).isFalse();
        assertThat(AclRules.permits(acl, Perms.READ, NOBODY)).isFalse();
    }

    @Test
    void shouldMatchIpEntriesByAddressAndPrefix() {
        assertThat(AclRules.inRange("10.1.0.0/16", "10.1.200.3")).isTrue();
        assertThat(AclRules.inRange("10.1.0.0/16", "10.2.0.1")).isFalse();
        assertThat(AclRules.inRange("127.0.0.1", "127.0.0.1")).isTrue();
        assertThat(AclRules.inRange("127.0.0.1", "127.0.0.2")).isFalse();
        assertThat(AclRules.inRange("0.0.0.0/0", "192.168.1.1")).isTrue();
        assertThat(AclRules.inRange("10.0.0.0/9", "10.127.255.255")).isTrue();
        assertThat(AclRules.inRange("10.0.0.0/9", "10.128.0.0")).isFalse();
        assertThat(AclRules.inRange("fe80::/10", "fe80::1")).isTrue();
        assertThat(AclRules.inRange("fe80::/10", "fec0::1")).isFalse();
        assertThat(AclRules.inRange("::1", "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(AclRules.inRange("::ffff:10.0.0.0/104", "::ffff:10.9.8.7")).isTrue();
        // An IPv4 range never matches an IPv6 address, and the other way round.
        assertThat(AclRules.inRange("0.0.0.0/0", "::1")).isFalse();
        List<Acl> acl = List.of(Acl.ip("192.168.0.0/24", Perms.READ));
        assertThat(AclRules.permits(acl, Perms.READ, Access.of("192.168.0.7", List.of(), null))).isTrue();
        assertThat(AclRules.permits(acl, Perms.READ, Access.of("192.168.1.7", List.of(), null))).isFalse();
        assertThat(AclRules.permits(acl, Perms.READ, NOBODY)).isFalse();
    }

    @Test
    void shouldParseOnlyAddressLiterals() {
        assertThat(AclRules.parseAddress("1.2.3.4")).containsExactly(1, 2, 3, 4);
        assertThat(AclRules.parseAddress("2001:db8::8:800:200c:417a")).hasSize(16);
        for (String bad : List.of("", "1.2.3", "1.2.3.4.5", "256.1.1.1", "a.b.c.d", "localhost", "1::2::3",
                "1:2:3:4:5:6:7:8:9", "12345::", ":::", "1.2.3.-4", "::1.2.3")) {
            assertThat(AclRules.parseAddress(bad)).as(bad).isNull();
        }
    }

    @Test
    void shouldLetTheSuperUserPassEveryCheck() {
        Access root = Access.of(null, List.of(BOB), BOB);
        assertThat(root.superUser()).isTrue();
        assertThat(AclRules.permits(List.of(new Acl("digest", ALICE, Perms.READ)), Perms.ADMIN, root)).isTrue();
        assertThat(Access.of(null, List.of(ALICE), BOB).superUser()).isFalse();
        assertThat(Access.of(null, List.of(ALICE), null).superUser()).isFalse();
    }

    @Test
    void shouldExpandAuthEntriesToTheSessionsIdentities() {
        List<Acl> stored = AclRules.validate("/n", List.of(Acl.auth(Perms.ALL), Acl.world(Perms.READ)), List.of(ALICE, BOB));
        assertThat(stored).containsExactly(new Acl("digest", ALICE, Perms.ALL), new Acl("digest", BOB, Perms.ALL),
                Acl.world(Perms.READ));
        assertThatThrownBy(() -> AclRules.validate("/n", Acl.CREATOR_ALL_ACL, List.of()))
                .isInstanceOf(CoordException.InvalidAclException.class).hasMessageContaining("/n").hasMessageContaining("addAuth");
    }

    @Test
    void shouldRejectInvalidAclsNamingThePathAndTheEntry() {
        List<List<Acl>> bad = new ArrayList<>();
        bad.add(List.of());
        bad.add(null);
        bad.add(List.of(new Acl("world", "someone", Perms.READ)));
        bad.add(List.of(new Acl("digest", "alice:secret", Perms.READ)));
        bad.add(List.of(new Acl("ip", "example.com", Perms.READ)));
        bad.add(List.of(new Acl("ip", "10.0.0.0/33", Perms.READ)));
        bad.add(List.of(new Acl("sasl", "x", Perms.READ)));
        bad.add(List.of(Acl.world(0)));
        bad.add(List.of(Acl.world(Perms.ALL + 1)));
        for (List<Acl> acl : bad) {
            assertThatThrownBy(() -> AclRules.validate("/bad", acl, List.of(ALICE))).as(String.valueOf(acl))
                    .isInstanceOf(CoordException.InvalidAclException.class).hasMessageContaining("/bad");
        }
    }

    @Test
    void shouldDropDuplicateEntriesAndKeepTheOpenAclShared() {
        assertThat(AclRules.validate("/n", List.of(Acl.world(Perms.READ), Acl.world(Perms.READ)), List.of()))
                .containsExactly(Acl.world(Perms.READ));
        assertThat(AclRules.validate("/n", List.of(Acl.world(Perms.ALL)), List.of())).isSameAs(Acl.OPEN_ACL_UNSAFE);
    }

    /** Property: an ACL grants a permission exactly when one of its entries that matches holds one of its bits. */
    @Test
    void shouldGrantExactlyTheUnionOfTheMatchingEntriesPermissions() {
        Gen<Acl> entries = integers().between(0, 2).zip(integers().between(1, Perms.ALL), (kind, perms) -> switch (kind) {
            case 0 -> Acl.world(perms);
            case 1 -> new Acl("digest", ALICE, perms);
            default -> new Acl("digest", BOB, perms);
        });
        Gen<Access> accesses = integers().between(0, 3).map(i -> switch (i) {
            case 0 -> NOBODY;
            case 1 -> Access.of(null, List.of(ALICE), null);
            case 2 -> Access.of(null, List.of(BOB), null);
            default -> Access.of(null, List.of(ALICE, BOB), null);
        });
        qt().withExamples(2_000).forAll(lists().of(entries).ofSizeBetween(1, 5), accesses, integers().between(0, 4))
                .checkAssert((acl, access, bit) -> {
                    int perm = 1 << bit;
                    int granted = 0;
                    for (Acl e : acl) {
                        boolean matches = e.scheme().equals("world") || access.digests().contains(e.id());
                        granted |= matches ? e.perms() : 0;
                    }
                    assertThat(AclRules.permits(acl, perm, access)).isEqualTo((granted & perm) != 0);
                });
    }
}
