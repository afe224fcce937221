package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.coord.testkit.pki.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers with shared secrets and TLS, against rogues that try wrong secrets, replay a recorded handshake or
 * present an untrusted certificate: every rogue is refused, every refusal is counted and rate-limited in
 * the log, and the real peers keep talking.
 */
class TcpTransportSecurityTest {
    private static final byte[] SECRET = bytes("the-cluster-secret-0123456789");
    private static final byte[] OTHER_SECRET = bytes("not-the-cluster-secret-98765");

    @TempDir
    static Path pkiDir;
    /** Certificates of peers 1 to 4 from CA 1, each naming its peer id. */
    private static final TestPki.Material[] CA1 = new TestPki.Material[5];
    /** A certificate of peer 4 from CA 2. */
    private static TestPki.Material ca2Four;
    private static TestPki.Material rogue;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() {
        TestPki.Authority ca1 = TestPki.authority(pkiDir, "ca1");
        for (int id = 1; id <= 4; id++) {
            CA1[id] = ca1.issue("peer" + id, "uri:" + PeerIdBinding.sanUri(TestPeers.CLUSTER, id));
        }
        ca2Four = TestPki.authority(pkiDir, "ca2").issue("peer4", "uri:" + PeerIdBinding.sanUri(TestPeers.CLUSTER, 4));
        rogue = TestPki.selfSigned(pkiDir, "rogue");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void peersWithTheSharedSecretConnectAndExchangeMessages() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2, 3);
        List<AgentLoop> peers = List.of(
            start(1, members, secret(SECRET)), start(2, members, secret(SECRET)), start(3, members, secret(SECRET)));

        assertAllConnected(peers);
        TcpTransportTest.assertDelivers(peers.get(2), peers.get(0), 7);
        TcpTransportTest.assertDelivers(peers.get(0), peers.get(1), 8);
    }

    @Test
    void aRogueWithAWrongSecretIsRefusedOnceInTheLogAndThePeersKeepWorking() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2, 4);
        AgentLoop one = start(1, members, secret(SECRET));
        AgentLoop two = start(2, members, secret(SECRET));
        AgentLoop rogueFour = start(4, members, secret(OTHER_SECRET));
        Await.until("1 and 2 connected", () -> one.connectedPeers().contains(2));

        Await.until("2 refused 4 at least five times", () -> warnings(two) >= 5);
        long refused = warnings(two);
        assertThat(suppressed(two)).as("repeated refusals from one host are not all logged")
            .isGreaterThanOrEqualTo(refused - 2);
        assertThat(two.connectedPeers()).doesNotContain(4);
        assertThat(rogueFour.connectedPeers()).isEmpty();
        assertThat(two.events()).doesNotContain("connected 4");
        TcpTransportTest.assertDelivers(two, one, 9);
        assertThat(one.failure()).isNull();
        assertThat(two.failure()).isNull();
    }

    @Test
    void aPeerWithoutASecretAndOneWithOneRefuseEachOther() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2);
        AgentLoop one = start(1, members, secret(SECRET));
        AgentLoop two = start(2, members, TransportSecurity.NONE);

        Await.until("1 refused 2 a few times", () -> warnings(one) >= 2);
        assertThat(one.connectedPeers()).isEmpty();
        assertThat(two.connectedPeers()).isEmpty();
    }

    @Test
    void aReplayedRecordingOfARealHandshakeIsRefused() throws Exception {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 2, 4);
        AgentLoop two = start(2, members, secret(SECRET));
        try (RecordingProxy proxy = new RecordingProxy(members.get(2))) {
            Map<Integer, InetSocketAddress> viaProxy = new java.util.TreeMap<>(members);
            viaProxy.put(2, proxy.address());
            AgentLoop four = start(4, viaProxy, secret(SECRET));
            Await.until("2 and 4 connected through the recording proxy", () -> two.connectedPeers().contains(4));
            four.close();
            Await.until("2 saw 4 go", () -> !two.connectedPeers().contains(4));
            byte[] recorded = proxy.recordedFromClient();
            assertThat(recorded.length).as("a HELLO and a PROOF were recorded").isGreaterThan(100);
            long warningsBefore = warnings(two);
            int eventsBefore = two.events().size();

            try (Socket replay = new Socket()) {
                replay.connect(members.get(2), 2_000);
                replay.getOutputStream().write(recorded);
                assertClosedByRemote(replay);
            }

            Await.until("the replay is refused", () -> warnings(two) == warningsBefore + 1);
            assertThat(two.events().subList(eventsBefore, two.events().size())).doesNotContain("connected 4");
        }
    }

    @Test
    void threePeersConnectOverTlsWithPemMaterial() {
        assertThreePeersExchangeOverTls(id -> TlsContext.fromPem(CA1[id].chainPem(), CA1[id].keyPem(), CA1[id].trustPem()));
    }

    @Test
    void threePeersConnectOverTlsWithPkcs12MaterialAndASecret() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2, 3);
        List<AgentLoop> peers = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            TlsContext tls = TlsContext.fromPkcs12(CA1[id].keyStoreP12(), TestPki.PASSWORD.toCharArray(),
                CA1[id].trustStoreP12(), TestPki.PASSWORD.toCharArray());
            peers.add(start(id, members, new TransportSecurity(secret(SECRET).authenticator(), tls)));
        }
        assertAllConnected(peers);
        assertBulkTransfer(peers.get(2), peers.get(0));
    }

    @Test
    void aPeerWithAnUntrustedCertificateIsRefusedAndAPlaintextClientToo() throws Exception {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2, 4);
        AgentLoop one = start(1, members, tls(CA1[1]));
        AgentLoop two = start(2, members, tls(CA1[2]));
        Await.until("1 and 2 connected", () -> one.connectedPeers().contains(2));

        AgentLoop rogueFour = start(4, members, tls(rogue));
        Await.until("2 refused the rogue's certificate", () -> warnings(two) >= 1);
        assertThat(two.connectedPeers()).doesNotContain(4);
        assertThat(rogueFour.connectedPeers()).isEmpty();
        rogueFour.close();

        long before = warnings(two);
        try (SSLSocket socket = (SSLSocket) rogueClientContext().getSocketFactory().createSocket()) {
            socket.connect(members.get(2), 2_000);
            socket.setSoTimeout(5_000);
            try {
                socket.getOutputStream().write(Frames.helloFrame(4, 2));
                socket.getOutputStream().flush();
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            } catch (IOException refused) {
                // The server's alert for the untrusted certificate: refused, as it should be.
            }
        }
        Await.until("2 refused the raw TLS client", () -> warnings(two) > before);

        long beforePlain = warnings(two);
        try (Socket plain = new Socket()) {
            plain.connect(members.get(2), 2_000);
            plain.getOutputStream().write(Frames.helloFrame(4, 2));
            assertClosedByRemote(plain);
        }
        Await.until("2 refused plaintext", () -> warnings(two) > beforePlain);

        TcpTransportTest.assertDelivers(one, two, 11);
        assertThat(two.events()).doesNotContain("connected 4", "disconnected 1");
    }

    @Test
    void reloadedTrustAdmitsNewConnectionsAndKeepsEstablishedOnes() throws Exception {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2, 4);
        Path trust = pkiDir.resolve("reload-trust.pem");
        TestPki.writeCertificates(trust, TestPki.readCertificates(CA1[2].trustPem()));
        TlsContext twoTls = TlsContext.fromPem(CA1[2].chainPem(), CA1[2].keyPem(), trust);
        AgentLoop one = start(1, members, tls(CA1[1]));
        AgentLoop two = start(2, members, new TransportSecurity(PeerAuthenticator.NONE, twoTls));
        Await.until("1 and 2 connected", () -> one.connectedPeers().contains(2));

        // Peer 4 has a certificate from CA 2 and trusts both CAs; 2 trusts only CA 1 for now.
        Path fourTrust = pkiDir.resolve("four-trust.pem");
        List<java.security.cert.X509Certificate> both = new ArrayList<>(TestPki.readCertificates(CA1[1].trustPem()));
        both.addAll(TestPki.readCertificates(ca2Four.trustPem()));
        TestPki.writeCertificates(fourTrust, both);
        AgentLoop four = start(4, members,
            new TransportSecurity(PeerAuthenticator.NONE, TlsContext.fromPem(ca2Four.chainPem(), ca2Four.keyPem(), fourTrust)));
        Await.until("2 refused 4's certificate", () -> warnings(two) >= 1);
        assertThat(two.connectedPeers()).doesNotContain(4);

        TestPki.writeCertificates(trust, both);
        twoTls.reload();

        Await.until("2 admits 4 after the reload", () -> two.connectedPeers().contains(4) && four.connectedPeers().contains(2));
        assertThat(two.events()).doesNotContain("disconnected 1");
        assertThat(twoTls.loadCount()).isEqualTo(2);
        TcpTransportTest.assertDelivers(four, two, 12);
        TcpTransportTest.assertDelivers(one, two, 13);
    }

    @Test
    void aReloadWithBrokenMaterialKeepsTheOldMaterialAndSaysWhy() throws Exception {
        Path key = pkiDir.resolve("broken-key.pem");
        java.nio.file.Files.copy(CA1[1].keyPem(), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TlsContext context = TlsContext.fromPem(CA1[1].chainPem(), key, CA1[1].trustPem());
        java.nio.file.Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(context::reload)
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PKCS#8").hasMessageContaining(key.toString());
        assertThat(context.loadCount()).isEqualTo(1);
        assertThat(context.newEngine(true, 0)).isNotNull();
    }

    @Test
    void theSecretRotatesWithRollingRestartsWithoutEverSplittingTheEnsemble() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2, 3);
        byte[] oldSecret = SECRET;
        byte[] newSecret = OTHER_SECRET;
        List<List<byte[]>> phases = List.of(
            List.of(oldSecret, newSecret), List.of(newSecret, oldSecret), List.of(newSecret));
        AgentLoop[] peers = new AgentLoop[4];
        for (int id = 1; id <= 3; id++) {
            peers[id] = start(id, members, secret(oldSecret));
        }
        assertAllConnected(List.of(peers[1], peers[2], peers[3]));
        for (List<byte[]> phase : phases) {
            for (int id = 1; id <= 3; id++) {
                peers[id].close();
                toClose.remove(peers[id]);
                peers[id] = start(id, members,
                    new TransportSecurity(new SharedSecretAuthenticator(phase), null));
                assertAllConnected(List.of(peers[1], peers[2], peers[3]));
            }
        }
        TcpTransportTest.assertDelivers(peers[1], peers[3], 14);
    }

    private void assertThreePeersExchangeOverTls(java.util.function.IntFunction<TlsContext> material) {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2, 3);
        List<AgentLoop> peers = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            peers.add(start(id, members, new TransportSecurity(PeerAuthenticator.NONE, material.apply(id))));
        }
        assertAllConnected(peers);
        assertBulkTransfer(peers.get(0), peers.get(1));
        TcpTransportTest.assertDelivers(peers.get(2), peers.get(1), 15);
    }

    /** Many small messages and some near the maximum frame, all delivered, in order. */
    private static void assertBulkTransfer(AgentLoop from, AgentLoop to) {
        int count = 3_000;
        int fromId = from.transport().selfId();
        int toId = to.transport().selfId();
        ConcurrentLinkedQueue<Long> arrived = new ConcurrentLinkedQueue<>();
        AtomicLong bytes = new AtomicLong();
        to.onMessage((peer, buffer, offset, length) -> {
            if (peer == fromId) {
                arrived.add(buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN));
                bytes.addAndGet(length);
            }
        });
        long[] next = {0};
        int big = 200 * 1024;
        UnsafeBuffer message = new UnsafeBuffer(new byte[big]);
        from.workload(() -> {
            boolean sent = false;
            while (next[0] < count) {
                int length = next[0] % 500 == 0 ? big : 64;
                message.putLong(0, next[0], ByteOrder.LITTLE_ENDIAN);
                if (!from.transport().send(toId, message, 0, length)) {
                    break;
                }
                next[0]++;
                sent = true;
            }
            return sent;
        });
        Await.until("all messages arrived", () -> arrived.size() == count, Duration.ofSeconds(30));
        long expected = 0;
        for (long sequence : arrived) {
            if (sequence != expected++) {
                fail("message " + sequence + " arrived where " + (expected - 1) + " was due");
            }
        }
        assertThat(bytes.get()).isEqualTo(6L * big + (count - 6L) * 64);
    }

    private AgentLoop start(int id, Map<Integer, InetSocketAddress> members, TransportSecurity security) {
        TcpTransport transport = new TcpTransport(TestPeers.config(id, members).build(), new Random(id), security);
        AgentLoop loop = new AgentLoop(transport).start();
        toClose.add(loop);
        return loop;
    }

    private static TransportSecurity secret(byte[] secret) {
        return new TransportSecurity(new SharedSecretAuthenticator(List.of(secret)), null);
    }

    private static TransportSecurity tls(TestPki.Material material) {
        return new TransportSecurity(PeerAuthenticator.NONE,
            TlsContext.fromPem(material.chainPem(), material.keyPem(), material.trustPem()));
    }

    private static void assertAllConnected(List<AgentLoop> peers) {
        Await.until("every pair connected", () -> peers.stream().allMatch(p -> p.connectedPeers().size() == peers.size() - 1));
    }

    private static long warnings(AgentLoop loop) {
        return loop.call(t -> ((TcpTransport) t).warnedCloseCount());
    }

    private static long suppressed(AgentLoop loop) {
        return loop.call(t -> ((TcpTransport) t).suppressedRefusalLogCount());
    }

    private static SSLContext rogueClientContext() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(rogue.keyStoreP12())) {
            keys.load(in, TestPki.PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, TestPki.PASSWORD.toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(CA1[1].trustStoreP12())) {
            trust.load(in, TestPki.PASSWORD.toCharArray());
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    /** Reads until the remote closes (end of stream or reset), failing if it stays open for 5 s. */
    private static void assertClosedByRemote(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                continue;
            }
        } catch (SocketTimeoutException e) {
            fail("the peer did not close the connection");
        } catch (SocketException e) {
            assertThat(e.getMessage()).containsIgnoringCase("reset");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A TCP proxy for one connection that records what the client sent. */
    private static final class RecordingProxy implements AutoCloseable {
        private final ServerSocket server;
        private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
        private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread acceptor;

        RecordingProxy(InetSocketAddress target) throws IOException {
            server = new ServerSocket(0, 1, target.getAddress());
            acceptor = new Thread(() -> {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(target.getAddress(), target.getPort());
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(upstream.getInputStream(), client.getOutputStream(), null);
                    pump(client.getInputStream(), upstream.getOutputStream(), fromClient);
                } catch (IOException ignored) {
                    // Closed by the test.
                }
            }, "recording-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
        }

        byte[] recordedFromClient() {
            synchronized (fromClient) {
                return fromClient.toByteArray();
            }
        }

        private static void pump(InputStream in, OutputStream out, ByteArrayOutputStream record) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        if (record != null) {
                            synchronized (record) {
                                record.write(buffer, 0, n);
                            }
                        }
                        out.write(buffer, 0, n);
                    }
                } catch (IOException ignored) {
                    // Closed by the test or the peer.
                }
                try {
                    out.close();
                } catch (IOException ignored) {
                    // Already closed.
                }
            }, "proxy-pump");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws Exception {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
            acceptor.join(5_000);
        }
    }
}
