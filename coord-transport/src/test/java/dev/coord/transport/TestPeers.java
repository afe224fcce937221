package dev.coord.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * TestPeers builds loopback addresses and transport configurations for tests.
 *
 * <p>Threading: call from a test thread.
 */
final class TestPeers {
    static final String CLUSTER = "test-cluster";

    private TestPeers() {
    }

    /** Returns an address on {@code host} for each id, with ports that were free a moment ago. */
    static Map<Integer, InetSocketAddress> addresses(String host, int... ids) {
        try {
            InetAddress address = InetAddress.getByName(host);
            List<ServerSocket> sockets = new ArrayList<>();
            Map<Integer, InetSocketAddress> result = new TreeMap<>();
            try {
                for (int id : ids) {
                    ServerSocket socket = new ServerSocket(0, 1, address);
                    sockets.add(socket);
                    result.put(id, new InetSocketAddress(address, socket.getLocalPort()));
                }
            } finally {
                for (ServerSocket socket : sockets) {
                    socket.close();
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a configuration for {@code selfId} among {@code members} with quick redials for tests. */
    static TcpTransportConfig.Builder config(int selfId, Map<Integer, InetSocketAddress> members) {
        return TcpTransportConfig.builder()
            .selfId(selfId)
            .clusterName(CLUSTER)
            .peers(members)
            .maxFrameBytes(256 * 1024)
            .outboundQueueBytes(1024 * 1024)
            .backoff(Duration.ofMillis(5), Duration.ofMillis(100))
            .connectTimeout(Duration.ofSeconds(2));
    }

    static TcpTransport transport(int selfId, Map<Integer, InetSocketAddress> members) {
        return new TcpTransport(config(selfId, members).build(), new Random(selfId));
    }
}
