package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.testkit.pki.TestPki;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Established TLS connections are re-checked when the TLS material is reloaded: a CRL that now lists the
 * peer's certificate, or trust that no longer holds the CA its chain leads to, closes the connection with
 * one WARN line naming the peer, its address and the reason, and the redial is refused; a reload that does
 * not concern the peer's chain leaves the connection open.
 */
class TcpTransportRecheckTest {
    @TempDir
    static Path pkiDir;
    private static TestPki.Authority ca;
    private static final TestPki.Material[] PEERS = new TestPki.Material[4];

    @TempDir
    Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private LogLines log;

    @BeforeAll
    static void makeCertificates() {
        ca = TestPki.authority(pkiDir, "recheck-ca");
        for (int id = 1; id <= 3; id++) {
            PEERS[id] = ca.issue("peer" + id, "uri:" + PeerIdBinding.sanUri(TestPeers.CLUSTER, id));
        }
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
    void aCrlThatNowListsAConnectedPeersCertificateClosesTheConnectionAndTheRedialIsRefused() throws Exception {
        Path crl = ca.revocationList(dir.resolve("peers.crl"), false);
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2);
        // As in production: the context watches its files (looked at once a second by the agent).
        AgentLoop one = start(1, members, watching(PEERS[1], crl));
        AgentLoop two = start(2, members, watching(PEERS[2], crl));
        Await.until("1 and 2 connected", () -> one.connectedPeers().contains(2) && two.connectedPeers().contains(1));
        TcpTransportTest.assertDelivers(two, one, 31);
        Queue<Long> fromTwo = new ConcurrentLinkedQueue<>();
        one.onMessage((peer, buffer, offset, length) -> {
            if (peer == 2) {
                fromTwo.add(buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN));
            }
        });

        rewriteCrl(crl, PEERS[2].certificate());

        String serial = PEERS[2].certificate().getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        String[] closed = {"Peer 1 closed connection with peer 2 at /127.0.0.1:", "re-checked after a TLS reload",
            "serial " + serial, "revoked", crl.toString()};
        Await.until("1 closed the connection of the revoked 2", () -> !log.containing(closed).isEmpty());
        assertThat(log.containing(closed)).as("one WARN line naming peer, address, serial and CRL").hasSize(1);
        assertThat(log.containing(closed).get(0)).contains("WARN");
        Await.until("2 saw the connection go", () -> !two.connectedPeers().contains(1));

        // 2 redials at once (backoff 5..100 ms); every handshake is refused, the first in one WARN line.
        String[] refused = {"Peer 1 refused connection from", "serial " + serial, "revoked"};
        Await.until("1 refused 2's redial", () -> !log.containing(refused).isEmpty());
        TcpTransport oneTransport = (TcpTransport) one.transport();
        Await.until("1 refused several more redials, logged at DEBUG",
            () -> one.call(t -> oneTransport.suppressedRefusalLogCount()) >= 3);
        assertThat(log.containing(refused)).hasSize(1);
        assertThat(one.events()).containsExactly("connected 2", "disconnected 2");
        assertThat(one.connectedPeers()).doesNotContain(2);
        assertThat(two.connectedPeers()).doesNotContain(1);
        assertThat(two.send(1, Frames.sequenced(32, 8), 0, 8)).as("2 cannot send to 1").isFalse();
        assertThat(fromTwo).isEmpty();
        assertThat(log.containing("Peer 1 re-checked the peer certificates of 1 connections", "0 still trusted, 1 closed"))
            .hasSize(1);
    }

    @Test
    void aReloadThatRevokesAnUnrelatedCertificateLeavesTheConnectionOpen() throws Exception {
        Path crl = ca.revocationList(dir.resolve("peers.crl"), false);
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2);
        TlsContext oneTls = context(PEERS[1]).withRevocationList(crl);
        AgentLoop one = start(1, members, new TransportSecurity(PeerAuthenticator.NONE, oneTls));
        AgentLoop two = start(2, members, new TransportSecurity(PeerAuthenticator.NONE,
            context(PEERS[2]).withRevocationList(crl)));
        Await.until("1 and 2 connected", () -> one.connectedPeers().contains(2) && two.connectedPeers().contains(1));

        oneTls.reload();
        one.transport().wakeup();
        String[] same = {"Peer 1 re-checked the peer certificates of 1 connections against TLS material load 2",
            "1 still trusted, 0 closed"};
        Await.until("1 re-checked 2 after a reload of unchanged files", () -> !log.containing(same).isEmpty());

        rewriteCrl(crl, PEERS[3].certificate());
        oneTls.reload();
        one.transport().wakeup();
        String[] unrelated = {"Peer 1 re-checked the peer certificates of 1 connections against TLS material load 3",
            "1 still trusted, 0 closed"};
        Await.until("1 re-checked 2 after 3 was revoked", () -> !log.containing(unrelated).isEmpty());

        TcpTransportTest.assertDelivers(two, one, 33);
        TcpTransportTest.assertDelivers(one, two, 34);
        assertThat(one.events()).containsExactly("connected 2");
        assertThat(two.events()).containsExactly("connected 1");
        assertThat(log.containing("Peer 1 closed connection")).isEmpty();
    }

    @Test
    void trustThatNoLongerHoldsThePeersCaClosesTheConnection() throws Exception {
        TestPki.Authority otherCa = TestPki.authority(dir, "other-ca");
        Path oneTrust = Files.copy(PEERS[1].trustPem(), dir.resolve("one-trusts.pem"));
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2);
        TlsContext oneTls = TlsContext.fromPem(PEERS[1].chainPem(), PEERS[1].keyPem(), oneTrust);
        AgentLoop one = start(1, members, new TransportSecurity(PeerAuthenticator.NONE, oneTls));
        AgentLoop two = start(2, members, new TransportSecurity(PeerAuthenticator.NONE, context(PEERS[2])));
        Await.until("1 and 2 connected", () -> one.connectedPeers().contains(2) && two.connectedPeers().contains(1));

        // The rotation's last step: the CA 2's certificate still chains to is dropped from 1's trust.
        Path next = dir.resolve("one-trusts.pem.new");
        TestPki.writeCertificates(next, List.of(otherCa.certificate()));
        Files.move(next, oneTrust, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        oneTls.reload();
        one.transport().wakeup();

        String[] closed = {"Peer 1 closed connection with peer 2 at /127.0.0.1:", "re-checked after a TLS reload",
            "subject CN=recheck-ca peer2", oneTrust.toString()};
        Await.until("1 closed the connection of 2, whose CA it no longer trusts",
            () -> !log.containing(closed).isEmpty());
        assertThat(log.containing(closed)).hasSize(1);
        // 2 has no certificate from a CA that 1 now names as acceptable, so it presents none.
        String[] refused = {"Peer 1 refused connection from", "TLS failed: Empty client certificate chain"};
        Await.until("1 refused 2's redial", () -> !log.containing(refused).isEmpty());
        assertThat(one.events()).containsExactly("connected 2", "disconnected 2");
        assertThat(one.connectedPeers()).doesNotContain(2);
    }

    /** Replaces the CRL at {@code crl} with one revoking {@code revoked}, with a newer modification time. */
    private static void rewriteCrl(Path crl, X509Certificate... revoked) throws Exception {
        FileTime before = Files.getLastModifiedTime(crl);
        ca.revocationList(crl, false, revoked);
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

    private static TlsContext context(TestPki.Material material) {
        return TlsContext.fromPem(material.chainPem(), material.keyPem(), material.trustPem());
    }

    private static TransportSecurity watching(TestPki.Material material, Path crl) {
        return new TransportSecurity(PeerAuthenticator.NONE, context(material).withRevocationList(crl).watchFiles());
    }
}
