package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.testkit.pki.TestPki;
import dev.coord.transport.FrameDescriptor;
import dev.coord.transport.HandshakeTranscript;
import dev.coord.transport.HelloDescriptor;
import dev.coord.transport.PeerIdBinding;
import dev.coord.transport.SharedSecretAuthenticator;
import dev.coord.zab.ZabMessageDescriptor;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three-peer ensembles over loopback with a shared secret, with TLS (PEM and PKCS#12), through a rolling
 * rotation of the secret, and against a remote that completes a real authenticated handshake and then
 * sends garbage: that connection is closed and the ensemble goes on committing.
 */
class SecureEnsembleTest {
    private static final byte[] OLD_SECRET = "old-cluster-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW_SECRET = "new-cluster-secret-9876543210".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path pki;
    /** Each peer's certificate, naming its id in cluster "coord" (the builder's default name). */
    private static final TestPki.Material[] MATERIAL = new TestPki.Material[4];
    /** One certificate naming no peer, for ensembles that share it. */
    private static TestPki.Material shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() {
        TestPki.Authority ca = TestPki.authority(pki, "ensemble-ca");
        for (int id = 1; id <= 3; id++) {
            MATERIAL[id] = ca.issue("peer" + id, "uri:" + PeerIdBinding.sanUri("coord", id));
        }
        shared = ca.issue("shared");
    }

    @Test
    void anEnsembleWithASharedSecretReplicatesWrites() throws IOException {
        try (Ensemble ensemble = new Ensemble(dir, 3, Set.of(), 1_000)) {
            ensemble.customizer = (id, b) -> b.sharedSecret(OLD_SECRET);
            ensemble.startAll();
            assertReplicates(ensemble, "/secret");
        }
    }

    @Test
    void anEnsembleOverTlsWithPemMaterialReplicatesWrites() throws IOException {
        try (Ensemble ensemble = new Ensemble(dir, 3, Set.of(), 1_000)) {
            ensemble.customizer = (id, b) -> b.tlsPem(MATERIAL[id].chainPem(), MATERIAL[id].keyPem(),
                    MATERIAL[id].trustPem());
            ensemble.startAll();
            assertReplicates(ensemble, "/tls-pem");
        }
    }

    @Test
    void anEnsembleSharingOneCertificateReplicatesWritesWithPeerIdBindingTurnedOff() throws IOException {
        try (Ensemble ensemble = new Ensemble(dir, 3, Set.of(), 1_000)) {
            ensemble.customizer = (id, b) -> b.tlsPem(shared.chainPem(), shared.keyPem(), shared.trustPem())
                    .tlsPeerIdBinding(false);
            ensemble.startAll();
            assertReplicates(ensemble, "/tls-shared");
        }
    }

    @Test
    void anEnsembleOverTlsWithPkcs12MaterialAndASecretReplicatesWrites() throws IOException {
        char[] password = TestPki.PASSWORD.toCharArray();
        try (Ensemble ensemble = new Ensemble(dir, 3, Set.of(), 1_000)) {
            ensemble.customizer = (id, b) -> b.sharedSecret(OLD_SECRET)
                    .tlsPkcs12(MATERIAL[id].keyStoreP12(), password, MATERIAL[id].trustStoreP12(), password);
            ensemble.startAll();
            assertReplicates(ensemble, "/tls-p12");
        }
    }

    @Test
    void theSecretRotatesByRollingRestartsWhileTheEnsembleServes() throws IOException {
        Path secretFile = dir.resolve("secrets");
        try (Ensemble ensemble = new Ensemble(dir, 3, Set.of(), 1_000)) {
            writeSecrets(secretFile, OLD_SECRET);
            ensemble.customizer = (id, b) -> b.sharedSecretFile(secretFile);
            ensemble.startAll();
            assertReplicates(ensemble, "/rot");
            int step = 0;
            for (List<byte[]> phase : List.of(List.of(OLD_SECRET, NEW_SECRET), List.of(NEW_SECRET, OLD_SECRET),
                    List.of(NEW_SECRET))) {
                writeSecrets(secretFile, phase.toArray(new byte[0][]));
                for (int id = 1; id <= 3; id++) {
                    ensemble.stop(id);
                    ensemble.restart(id);
                    assertReplicates(ensemble, "/rot-" + step++);
                }
            }
        }
    }

    @Test
    void aStandalonePeerRefusesSecuritySettingsItCannotUse() {
        assertThatThrownBy(() -> Coordinator.builder().inMemory().sharedSecret(OLD_SECRET).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standalone");
        assertThatThrownBy(() -> Coordinator.builder().sharedSecret("short".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16");
    }

    @Test
    void garbageAfterAValidHandshakeClosesThatConnectionAndTheEnsembleGoesOn() throws IOException {
        try (Ensemble ensemble = new Ensemble(dir, 3, Set.of(), 1_000)) {
            ensemble.customizer = (id, b) -> b.sharedSecret(OLD_SECRET);
            ensemble.startAll();
            assertReplicates(ensemble, "/before");
            int port = ensemble.ports.get(1);

            // Plain garbage before any handshake.
            try (Socket garbage = new Socket("127.0.0.1", port)) {
                garbage.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertClosedByRemote(garbage);
            }
            // A real handshake as peer 3 (it holds the secret), then a ZAB frame cut short.
            try (Socket impostor = new Socket("127.0.0.1", port)) {
                handshakeAs(impostor, 3, 1, OLD_SECRET);
                impostor.getOutputStream().write(frame(FrameDescriptor.TYPE_MESSAGE,
                        new byte[]{ZabMessageDescriptor.PROPOSAL, 1, 2, 3}));
                assertClosedByRemote(impostor);
            }
            // Valid frames whose payloads are random bytes.
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < 5; i++) {
                try (Socket impostor = new Socket("127.0.0.1", port)) {
                    handshakeAs(impostor, 3, 1, OLD_SECRET);
                    byte[] payload = new byte[1 + random.nextInt(64)];
                    random.nextBytes(payload);
                    payload[0] = (byte) (1 + random.nextInt(ZabMessageDescriptor.MAX_ZAB_TYPE + 8));
                    impostor.getOutputStream().write(frame(FrameDescriptor.TYPE_MESSAGE, payload));
                    impostor.setSoTimeout(2_000);
                    try {
                        impostor.getInputStream().read(new byte[4096]);
                    } catch (SocketTimeoutException | SocketException ignored) {
                        // Closed, or the peer took the bytes for a message it could use: either is fine here.
                    }
                }
            }
            assertReplicates(ensemble, "/after");
            assertThat(ensemble.peers.get(1).status().role()).isIn(Role.LEADING, Role.FOLLOWING);
        }
    }

    /** A write through each peer becomes visible on every peer. */
    private static void assertReplicates(Ensemble ensemble, String prefix) {
        for (int writer : ensemble.peers.keySet()) {
            String path = prefix + "-" + writer;
            ensemble.peers.get(writer).create(path, new byte[]{(byte) writer}, CreateMode.PERSISTENT);
            for (Coordinator reader : ensemble.peers.values()) {
                Ensemble.await(() -> {
                    reader.sync(path);
                    return reader.exists(path) != null;
                }, Duration.ofSeconds(20), path + " on every peer");
            }
        }
    }

    private static void writeSecrets(Path file, byte[]... secrets) throws IOException {
        StringBuilder text = new StringBuilder("# first proves, all are accepted\n");
        for (byte[] secret : secrets) {
            text.append(new String(secret, StandardCharsets.UTF_8)).append('\n');
        }
        Files.writeString(file, text);
    }

    /** Plays the dialer's side of the authenticated handshake on a blocking socket. */
    private static void handshakeAs(Socket socket, int selfId, int acceptorId, byte[] secret) throws IOException {
        byte[] cluster = "coord".getBytes(StandardCharsets.UTF_8);
        byte[] dialerNonce = new byte[32];
        new SecureRandom().nextBytes(dialerNonce);
        UnsafeBuffer hello = new UnsafeBuffer(new byte[HelloDescriptor.CLUSTER_NAME_OFFSET + cluster.length + 32]);
        int authOffset = HelloDescriptor.encodeHead(hello, 0, HelloDescriptor.PROTOCOL_VERSION, selfId, acceptorId, cluster);
        hello.putBytes(authOffset, dialerNonce);
        HelloDescriptor.authLength(hello, 0, 32);
        socket.getOutputStream().write(frame(FrameDescriptor.TYPE_HELLO, hello.byteArray()));

        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] header = new byte[FrameDescriptor.HEADER_LENGTH];
        in.readFully(header);
        int length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(FrameDescriptor.LENGTH_OFFSET);
        byte[] reply = new byte[length];
        in.readFully(reply);
        UnsafeBuffer replyBuffer = new UnsafeBuffer(reply);
        byte[] acceptorNonce = new byte[32];
        replyBuffer.getBytes(HelloDescriptor.authOffset(replyBuffer, 0), acceptorNonce);

        byte[] proof = new SharedSecretAuthenticator(List.of(secret)).prove(
                new HandshakeTranscript("coord", selfId, acceptorId, dialerNonce, acceptorNonce), true);
        socket.getOutputStream().write(frame(FrameDescriptor.TYPE_PROOF, proof));
    }

    /** One frame as the transport encodes it: CRC32C over everything after the checksum field. */
    private static byte[] frame(byte type, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(FrameDescriptor.HEADER_LENGTH + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(FrameDescriptor.LENGTH_OFFSET, payload.length);
        frame.put(FrameDescriptor.TYPE_OFFSET, type);
        frame.position(FrameDescriptor.HEADER_LENGTH);
        frame.put(payload);
        CRC32C crc = new CRC32C();
        crc.update(frame.array(), FrameDescriptor.CHECKSUMMED_OFFSET, frame.capacity() - FrameDescriptor.CHECKSUMMED_OFFSET);
        frame.putInt(FrameDescriptor.CHECKSUM_OFFSET, (int) crc.getValue());
        return frame.array();
    }

    private static void assertClosedByRemote(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                continue;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the peer did not close the connection");
        } catch (SocketException e) {
            assertThat(e.getMessage()).containsIgnoringCase("reset");
        }
    }
}
