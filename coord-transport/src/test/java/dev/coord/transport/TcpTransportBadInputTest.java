package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Raw sockets play misbehaving remotes against peer 2, which also has a real peer 3 and a configured but
 * absent peer 1 (lower, so 2 keeps redialing it) and peer 4 (higher, impersonated by the raw sockets).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TcpTransportBadInputTest {
    private static final int V = HelloDescriptor.PROTOCOL_VERSION;
    private AgentLoop two;
    private AgentLoop three;
    private InetSocketAddress addressOfTwo;

    @BeforeAll
    void startPeers() {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2, 3, 4);
        addressOfTwo = members.get(2);
        two = new AgentLoop(TestPeers.transport(2, members)).start();
        three = new AgentLoop(TestPeers.transport(3, members)).start();
        Await.until("2 and 3 connected", () -> two.connectedPeers().contains(3) && three.connectedPeers().contains(2));
    }

    @AfterAll
    void stopPeers() {
        two.close();
        three.close();
        assertThat(two.failure()).isNull();
        assertThat(three.failure()).isNull();
    }

    static Stream<Arguments> badOpenings() {
        return Stream.of(
            Arguments.of("garbage (an HTTP request)",
                "GET / HTTP/1.1\r\nHost: coord\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
            Arguments.of("a HELLO with a bad checksum", Frames.corrupted(Frames.helloFrame(4, 2))),
            Arguments.of("a frame header claiming 2 GiB", Frames.headerOnly(Integer.MAX_VALUE)),
            Arguments.of("a HELLO of another cluster",
                Frames.frame(FrameDescriptor.TYPE_HELLO, Frames.hello(V, 4, 2, "another-cluster"))),
            Arguments.of("a HELLO from an unknown peer id",
                Frames.frame(FrameDescriptor.TYPE_HELLO, Frames.hello(V, 9, 2, TestPeers.CLUSTER))),
            Arguments.of("a HELLO of another protocol version",
                Frames.frame(FrameDescriptor.TYPE_HELLO, Frames.hello(V + 1, 4, 2, TestPeers.CLUSTER))),
            Arguments.of("a HELLO from a lower peer id, which must not dial",
                Frames.frame(FrameDescriptor.TYPE_HELLO, Frames.hello(V, 1, 2, TestPeers.CLUSTER))),
            Arguments.of("an unauthenticated message before any HELLO",
                Frames.frame(FrameDescriptor.TYPE_MESSAGE, new byte[]{1, 2, 3})),
            Arguments.of("a bad checksum right after a valid HELLO",
                concat(Frames.helloFrame(4, 2), Frames.corrupted(Frames.frame(FrameDescriptor.TYPE_MESSAGE, new byte[8])))),
            Arguments.of("a second HELLO after a valid one",
                concat(Frames.helloFrame(4, 2), Frames.helloFrame(4, 2))));
    }

    @ParameterizedTest(name = "a connection that sends {0} is closed with one warning and the peer keeps working")
    @MethodSource("badOpenings")
    void badInputClosesThatConnectionWithOneWarningAndThePeerKeepsWorking(String what, byte[] bytes)
        throws IOException {
        long warningsBefore = warnings();

        try (Socket raw = new Socket()) {
            raw.connect(addressOfTwo, 2_000);
            raw.getOutputStream().write(bytes);
            raw.getOutputStream().flush();
            assertClosedByRemote(raw);
        }

        Await.until("the close is counted", () -> warnings() == warningsBefore + 1);
        assertThat(warnings()).isEqualTo(warningsBefore + 1);
        TcpTransportTest.assertDelivers(three, two, 32);
        TcpTransportTest.assertDelivers(two, three, 23);
        assertThat(two.events()).doesNotContain("disconnected 3");
    }

    @Test
    void aNewConnectionFromTheSamePeerReplacesTheOldOneWithoutAWarning() throws IOException {
        long warningsBefore = warnings();
        int eventsBefore = two.events().size();
        try (Socket first = new Socket(); Socket second = new Socket()) {
            first.connect(addressOfTwo, 2_000);
            first.getOutputStream().write(Frames.helloFrame(4, 2));
            Await.until("2 connected to the first 4", () -> eventsOfFourSince(eventsBefore).size() == 1);

            second.connect(addressOfTwo, 2_000);
            second.getOutputStream().write(Frames.helloFrame(4, 2));

            assertClosedByRemote(first);
            Await.until("2 took the second connection", () -> eventsOfFourSince(eventsBefore).size() == 3);
        }
        Await.until("2 saw the second connection go", () -> eventsOfFourSince(eventsBefore).size() == 4);
        assertThat(warnings()).isEqualTo(warningsBefore);
        assertThat(eventsOfFourSince(eventsBefore))
            .containsExactly("connected 4", "disconnected 4", "connected 4", "disconnected 4");
    }

    private List<String> eventsOfFourSince(int index) {
        List<String> events = two.events();
        return events.subList(index, events.size()).stream().filter(e -> e.endsWith(" 4")).toList();
    }

    private long warnings() {
        return two.call(t -> ((TcpTransport) t).warnedCloseCount());
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

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
