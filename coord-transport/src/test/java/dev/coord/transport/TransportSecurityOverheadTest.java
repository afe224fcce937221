package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.testkit.pki.TestPki;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures what a shared secret and TLS cost on loopback between two peers: the handshake (connect to
 * connected), the round trip of one message at a time, and one-way throughput of 1 KiB messages.
 * Prints a table; asserts only that every mode delivers everything. Tagged slow (a measurement):
 *
 * <pre>
 * mvn -B -o -pl coord-transport -am test -Dtest=TransportSecurityOverheadTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dcoord.test.excludedGroups=none
 * </pre>
 */
@Tag("slow")
class TransportSecurityOverheadTest {
    private static final int ROUND_TRIPS = 20_000;
    private static final int MESSAGES = 200_000;
    private static final int MESSAGE_BYTES = 1024;

    @TempDir
    Path dir;

    @Test
    void measureHandshakeRoundTripAndThroughputPerMode() {
        TestPki.Authority ca = TestPki.authority(dir, "bench");
        TestPki.Material[] material = new TestPki.Material[3];
        for (int id = 1; id <= 2; id++) {
            material[id] = ca.issue("peer" + id, "uri:" + PeerIdBinding.sanUri(TestPeers.CLUSTER, id));
        }
        SharedSecretAuthenticator secret = new SharedSecretAuthenticator(List.of("bench-secret-0123456789".getBytes()));
        StringBuilder table = new StringBuilder(String.format(
            "%n| mode | connect (ms) | round trip p50 (us) | p99 (us) | 1 KiB msgs/s one way | MB/s |%n|---|---|---|---|---|---|%n"));
        for (String mode : List.of("plain", "secret", "tls", "tls+secret", "plain", "tls")) {
            IntFunction<TransportSecurity> security = switch (mode) {
                case "plain" -> id -> TransportSecurity.NONE;
                case "secret" -> id -> new TransportSecurity(secret, null);
                case "tls" -> id -> new TransportSecurity(PeerAuthenticator.NONE, tls(material[id]));
                default -> id -> new TransportSecurity(secret, tls(material[id]));
            };
            table.append(measure(mode, security));
        }
        System.out.println(table);
    }

    private static TlsContext tls(TestPki.Material material) {
        return TlsContext.fromPem(material.chainPem(), material.keyPem(), material.trustPem());
    }

    private String measure(String mode, IntFunction<TransportSecurity> security) {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2);
        TcpTransport t1 = new TcpTransport(TestPeers.config(1, members).maxFrameBytes(64 * 1024).build(), new Random(1), security.apply(1));
        TcpTransport t2 = new TcpTransport(TestPeers.config(2, members).maxFrameBytes(64 * 1024).build(), new Random(2), security.apply(2));
        try (AgentLoop one = new AgentLoop(t1); AgentLoop two = new AgentLoop(t2)) {
            long startNs = System.nanoTime();
            one.start();
            two.start();
            Await.until("connected", () -> one.connectedPeers().contains(2) && two.connectedPeers().contains(1));
            double connectMs = (System.nanoTime() - startNs) / 1e6;

            // Round trips: 2 echoes every message back to 1, which sends the next when the echo arrives.
            two.onMessage((from, buffer, offset, length) -> two.transport().send(1, buffer, offset, length));
            long[] rttNs = new long[ROUND_TRIPS];
            AtomicLong done = new AtomicLong();
            UnsafeBuffer ping = new UnsafeBuffer(new byte[64]);
            long[] sentAt = new long[1];
            one.onMessage((from, buffer, offset, length) -> {
                int i = (int) done.get();
                rttNs[i] = System.nanoTime() - sentAt[0];
                done.incrementAndGet();
                if (i + 1 < ROUND_TRIPS) {
                    sentAt[0] = System.nanoTime();
                    one.transport().send(2, ping, 0, 64);
                }
            });
            one.call(t -> {
                sentAt[0] = System.nanoTime();
                return t.send(2, ping, 0, 64);
            });
            Await.until("round trips", () -> done.get() == ROUND_TRIPS, Duration.ofMinutes(3));
            Arrays.sort(rttNs);

            // Throughput: 1 sends MESSAGES of MESSAGE_BYTES as fast as the queue takes them.
            AtomicLong received = new AtomicLong();
            two.onMessage((from, buffer, offset, length) -> received.incrementAndGet());
            UnsafeBuffer message = new UnsafeBuffer(new byte[MESSAGE_BYTES]);
            long[] sent = {0};
            long throughputStartNs = System.nanoTime();
            one.workload(() -> {
                boolean any = false;
                while (sent[0] < MESSAGES) {
                    message.putLong(0, sent[0], ByteOrder.LITTLE_ENDIAN);
                    if (!one.transport().send(2, message, 0, MESSAGE_BYTES)) {
                        break;
                    }
                    sent[0]++;
                    any = true;
                }
                return any;
            });
            Await.until("throughput run", () -> received.get() == MESSAGES, Duration.ofMinutes(3));
            double seconds = (System.nanoTime() - throughputStartNs) / 1e9;
            assertThat(received.get()).isEqualTo(MESSAGES);
            return String.format("| %s | %.1f | %.0f | %.0f | %,.0f | %.0f |%n", mode, connectMs,
                rttNs[ROUND_TRIPS / 2] / 1e3, rttNs[ROUND_TRIPS * 99 / 100] / 1e3, MESSAGES / seconds,
                MESSAGES * (double) MESSAGE_BYTES / seconds / 1e6);
        }
    }
}
