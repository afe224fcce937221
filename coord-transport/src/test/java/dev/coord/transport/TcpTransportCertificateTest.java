package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.testkit.pki.TestPki;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS peers whose certificates name their peer ids, and certificate revocation lists: a trusted certificate
 * of one peer used by a process claiming another id is refused on both sides of the connection, a revoked
 * certificate is refused (and so is one the CRL file cannot vouch for), a rotated CRL takes effect for new connections without a restart, and each
 * refusal is one WARN line saying what was claimed and what the certificate says.
 */
class TcpTransportCertificateTest {
    @TempDir
    static Path pkiDir;
    private static TestPki.Authority ca;
    private static final TestPki.Material[] PEERS = new TestPki.Material[4];
    private static TestPki.Material shared;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private LogLines log;

    @BeforeAll
    static void makeCertificates() {
        ca = TestPki.authority(pkiDir, "binding-ca");
        for (int id = 1; id <= 3; id++) {
            PEERS[id] = ca.issue("peer" + id, "uri:" + PeerIdBinding.sanUri(TestPeers.CLUSTER, id));
        }
        shared = ca.issue("shared");
    }

    @BeforeEach
    void captureLog() {
        log = LogLines.capture();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        log.close();
    }

    @Test
    void aValidCertificateOfPeer2UsedByAProcessClaimingToBePeer3IsRefusedByBothAcceptors() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2, 3);
        AgentLoop one = start(1, members, tls(PEERS[1]));
        AgentLoop two = start(2, members, tls(PEERS[2]));
        Await.until("1 and 2 connected", () -> one.connectedPeers().contains(2));

        AgentLoop impostor = start(3, members, tls(PEERS[2]));

        for (int acceptor : new int[]{1, 2}) {
            String[] line = {"Peer " + acceptor + " refused connection from",
                "claims to be peer 3", "names coord-peer:test-cluster/2,", "not coord-peer:test-cluster/3"};
            Await.until("peer " + acceptor + " refused the impostor", () -> !log.containing(line).isEmpty());
            assertThat(log.containing(line))
                .as("peer %d's one line naming the claimed id and what the certificate says", acceptor)
                .hasSize(1);
        }
        assertThat(one.events()).doesNotContain("connected 3");
        assertThat(two.events()).doesNotContain("connected 3");
        assertThat(impostor.connectedPeers()).isEmpty();
        TcpTransportTest.assertDelivers(one, two, 21);
    }

    @Test
    void aDialerRefusesAnAcceptorWhoseCertificateNamesAnotherPeer() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 3);
        AgentLoop impostorOne = start(1, members, tls(PEERS[2]));
        AgentLoop three = start(3, members, tls(PEERS[3]));

        String[] line = {"Peer 3 refused connection with peer 1 at",
            "claims to be peer 1", "names coord-peer:test-cluster/2,", "not coord-peer:test-cluster/1"};
        Await.until("3 refused the peer it dialed", () -> !log.containing(line).isEmpty());

        assertThat(log.containing(line)).hasSize(1);
        assertThat(three.events()).doesNotContain("connected 1");
        assertThat(impostorOne.failure()).isNull();
    }

    @Test
    void aCertificateWithoutThePeerNameIsRefusedUnlessBindingIsTurnedOffWhichIsLoggedOnce() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2);
        AgentLoop one = start(1, members, tls(shared));
        AgentLoop two = start(2, members, tls(shared));
        String[] line = {"Peer 1 refused connection from", "claims to be peer 2", "names no coord-peer URI"};
        Await.until("1 refused 2's unnamed certificate", () -> !log.containing(line).isEmpty());
        assertThat(log.containing(line)).hasSize(1);
        assertThat(one.events()).doesNotContain("connected 2");
        one.close();
        two.close();

        Map<Integer, InetSocketAddress> others = TestPeers.addresses("127.0.0.1", 1, 2);
        AgentLoop unboundOne = start(1, others, tls(shared).withoutPeerIdBinding());
        AgentLoop unboundTwo = start(2, others, tls(shared).withoutPeerIdBinding());
        Await.until("1 and 2 connected", () -> unboundOne.connectedPeers().contains(2)
            && unboundTwo.connectedPeers().contains(1));
        TcpTransportTest.assertDelivers(unboundTwo, unboundOne, 22);
        assertThat(log.containing("TLS peer-id binding is off")).hasSize(2);
        assertThat(log.containing("Peer 1: TLS peer-id binding is off")).hasSize(1);
    }

    @Test
    void aRevokedCertificateIsRefusedInOneLineNamingItAndCorrectCertificatesAreAccepted() {
        Path pemCrl = ca.revocationList(pkiDir.resolve("revokes-3.pem"), false, PEERS[3].certificate());
        Path derCrl = ca.revocationList(pkiDir.resolve("revokes-3.der"), true, PEERS[3].certificate());
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2, 3);
        AgentLoop one = start(1, members, tls(PEERS[1], pemCrl));
        char[] password = TestPki.PASSWORD.toCharArray();
        AgentLoop two = start(2, members, new TransportSecurity(PeerAuthenticator.NONE, TlsContext.fromPkcs12(
            PEERS[2].keyStoreP12(), password, PEERS[2].trustStoreP12(), password).withRevocationList(derCrl)));
        Await.until("1 and 2 connected", () -> one.connectedPeers().contains(2) && two.connectedPeers().contains(1));

        AgentLoop three = start(3, members, tls(PEERS[3]));

        String serial = PEERS[3].certificate().getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        for (int acceptor : new int[]{1, 2}) {
            String[] line = {"Peer " + acceptor + " refused connection from", "serial " + serial, "revoked"};
            Await.until("peer " + acceptor + " refused 3", () -> !log.containing(line).isEmpty());
            assertThat(log.containing(line)).as("peer %d's one line naming the revoked certificate", acceptor)
                .hasSize(1);
        }
        assertThat(one.events()).doesNotContain("connected 3");
        assertThat(two.events()).doesNotContain("connected 3");
        assertThat(three.connectedPeers()).isEmpty();
        TcpTransportTest.assertDelivers(two, one, 23);
    }

    @Test
    void aCertificateWhoseIssuerHasNoRevocationListInTheFileIsRefused() {
        TestPki.Authority otherCa = TestPki.authority(pkiDir, "other-ca");
        TestPki.Material otherThree = otherCa.issue("peer3", "uri:" + PeerIdBinding.sanUri(TestPeers.CLUSTER, 3));
        Path trustsBoth = pkiDir.resolve("trusts-both.pem");
        TestPki.writeCertificates(trustsBoth, List.of(ca.certificate(), otherCa.certificate()));
        Path onlyCa = ca.revocationList(pkiDir.resolve("only-binding-ca.pem"), false);
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 3);
        AgentLoop one = start(1, members, new TransportSecurity(PeerAuthenticator.NONE,
            TlsContext.fromPem(PEERS[1].chainPem(), PEERS[1].keyPem(), trustsBoth).withRevocationList(onlyCa)));
        AgentLoop three = start(3, members, new TransportSecurity(PeerAuthenticator.NONE,
            TlsContext.fromPem(otherThree.chainPem(), otherThree.keyPem(), trustsBoth)));

        String[] line = {"Peer 1 refused connection from", "subject CN=other-ca peer3", "revocation status"};
        Await.until("1 refused a certificate whose revocation it cannot check", () -> !log.containing(line).isEmpty());
        assertThat(log.containing(line)).hasSize(1);
        assertThat(one.events()).doesNotContain("connected 3");
        assertThat(three.connectedPeers()).isEmpty();
    }

    @Test
    void aRotatedRevocationListTakesEffectForNewConnectionsWithoutARestart() throws Exception {
        Path crl = ca.revocationList(pkiDir.resolve("rotated.pem"), false);
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2, 3);
        TlsContext oneTls = TlsContext.fromPem(PEERS[1].chainPem(), PEERS[1].keyPem(), PEERS[1].trustPem())
            .withRevocationList(crl);
        // 2 watches its files at every new connection (not at most once a second), so that no timing decides
        // whether the restarted 3's first dial already sees the rotated CRL.
        TlsContext twoTls = TlsContext.fromPem(PEERS[2].chainPem(), PEERS[2].keyPem(), PEERS[2].trustPem())
            .withRevocationList(crl).watchFiles(0);
        AgentLoop one = start(1, members, new TransportSecurity(PeerAuthenticator.NONE, oneTls));
        AgentLoop two = start(2, members, new TransportSecurity(PeerAuthenticator.NONE, twoTls));
        AgentLoop three = start(3, members, tls(PEERS[3]));
        Await.until("all connected while 3 is not revoked", () -> three.connectedPeers().size() == 2
            && one.connectedPeers().contains(2));

        rewriteCrl(crl, PEERS[3]);
        oneTls.reload();
        three.close();
        toClose.remove(three);
        Await.until("1 and 2 saw 3 go", () -> !one.connectedPeers().contains(3) && !two.connectedPeers().contains(3));
        AgentLoop restartedThree = start(3, members, tls(PEERS[3]));

        for (int acceptor : new int[]{1, 2}) {
            String[] line = {"Peer " + acceptor + " refused connection from", "revoked"};
            Await.until("peer " + acceptor + " (1 reloaded, 2 watching) refused the revoked 3",
                () -> !log.containing(line).isEmpty());
            assertThat(log.containing(line)).hasSize(1);
        }
        assertThat(restartedThree.connectedPeers()).isEmpty();
        assertThat(two.events()).doesNotContain("disconnected 1");

        rewriteCrl(crl);
        oneTls.reload();
        Await.until("3 admitted again after the CRL no longer lists it",
            () -> restartedThree.connectedPeers().size() == 2, java.time.Duration.ofSeconds(20));
        assertThat(twoTls.loadCount()).isGreaterThanOrEqualTo(3);
        TcpTransportTest.assertDelivers(restartedThree, two, 24);
    }

    @Test
    void anUnusableRevocationListIsRefusedNamingTheFileAndTheReason() throws Exception {
        TlsContext base = TlsContext.fromPem(PEERS[1].chainPem(), PEERS[1].keyPem(), PEERS[1].trustPem());

        Path garbage = Files.writeString(pkiDir.resolve("garbage.crl"), "not a CRL");
        assertThatThrownBy(() -> base.withRevocationList(garbage))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(garbage.toString());

        // A CA of the same name with another key: its CRL names our CA as issuer but cannot verify with its key.
        TestPki.Authority sameName = TestPki.authority(pkiDir.resolve("impostor"), "binding-ca");
        Path forged = sameName.revocationList(pkiDir.resolve("forged.pem"), false, PEERS[2].certificate());
        assertThatThrownBy(() -> base.withRevocationList(forged))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(forged.toString())
            .hasMessageContaining("not signed by that CA's key");

        Path missing = pkiDir.resolve("missing.crl");
        assertThatThrownBy(() -> base.withRevocationList(missing))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());

        Path broken = ca.revocationList(pkiDir.resolve("broken-later.pem"), false);
        TlsContext checking = base.withRevocationList(broken);
        Files.writeString(broken, "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
        assertThatThrownBy(checking::reload)
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(broken.toString());
        assertThat(checking.loadCount()).as("the CRLs in use are kept").isEqualTo(1);
        assertThat(checking.newEngine(false, 0)).isNotNull();
    }

    /** Replaces the CRL at {@code crl} with one revoking {@code revoked}, with a newer modification time. */
    private static void rewriteCrl(Path crl, TestPki.Material... revoked) throws Exception {
        FileTime before = Files.getLastModifiedTime(crl);
        ca.revocationList(crl, false, java.util.Arrays.stream(revoked).map(TestPki.Material::certificate)
            .toArray(java.security.cert.X509Certificate[]::new));
        // The watch compares modification times: make sure this one differs even on coarse-grained clocks.
        Files.setLastModifiedTime(crl, FileTime.fromMillis(Math.max(Files.getLastModifiedTime(crl).toMillis(),
            before.toMillis() + 2_000)));
    }

    private AgentLoop start(int id, Map<Integer, InetSocketAddress> members, TransportSecurity security) {
        TcpTransport transport = new TcpTransport(TestPeers.config(id, members).build(), new Random(id), security);
        AgentLoop loop = new AgentLoop(transport).start();
        toClose.add(loop);
        return loop;
    }

    private static TransportSecurity tls(TestPki.Material material) {
        return new TransportSecurity(PeerAuthenticator.NONE,
            TlsContext.fromPem(material.chainPem(), material.keyPem(), material.trustPem()));
    }

    private static TransportSecurity tls(TestPki.Material material, Path crl) {
        return new TransportSecurity(PeerAuthenticator.NONE,
            TlsContext.fromPem(material.chainPem(), material.keyPem(), material.trustPem()).withRevocationList(crl));
    }
}
