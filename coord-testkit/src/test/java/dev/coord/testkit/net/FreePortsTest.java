package dev.coord.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void shouldPickDistinctBindablePortsBelowTheEphemeralRange() throws IOException {
        List<Integer> ports = FreePorts.pick(8, "127.0.0.1");

        assertThat(ports).hasSize(8).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(20_000, 31_999));
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
