package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TcpTransportHeartbeatTest {

    @Test
    void aQuietConnectionGetsHeartbeatsAndASilentRemoteIsClosedAfterTheIdleTimeout() throws IOException {
        Map<Integer, InetSocketAddress> members = TestPeers.addresses("127.0.0.1", 1, 2);
        TcpTransport transport = new TcpTransport(TestPeers.config(1, members)
            .heartbeat(Duration.ofMillis(20), Duration.ofMillis(300)).build(), new Random(1));
        AgentLoop one = new AgentLoop(transport).start();
        List<Integer> frameTypes = new ArrayList<>();
        try (Socket raw = new Socket()) {
            raw.connect(members.get(1), 2_000);
            raw.setSoTimeout(5_000);
            raw.getOutputStream().write(Frames.helloFrame(2, 1));
            DataInputStream in = new DataInputStream(raw.getInputStream());
            try {
                while (true) {
                    frameTypes.add(readFrameType(in));
                }
            } catch (EOFException endOfStream) {
                // The peer closed the silent connection, as expected.
            }
        } finally {
            one.close();
        }

        assertThat(frameTypes.get(0)).isEqualTo((int) FrameDescriptor.TYPE_HELLO);
        assertThat(frameTypes.subList(1, frameTypes.size()))
            .hasSizeGreaterThanOrEqualTo(3)
            .allMatch(type -> type == FrameDescriptor.TYPE_HEARTBEAT);
        assertThat(one.events()).containsExactly("connected 2", "disconnected 2");
        assertThat(transport.warnedCloseCount()).isEqualTo(1);
    }

    private static int readFrameType(DataInputStream in) throws IOException {
        byte[] header = new byte[FrameDescriptor.HEADER_LENGTH];
        in.readFully(header);
        ByteBuffer view = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        in.readFully(new byte[view.getInt(FrameDescriptor.LENGTH_OFFSET)]);
        return header[FrameDescriptor.TYPE_OFFSET];
    }
}
