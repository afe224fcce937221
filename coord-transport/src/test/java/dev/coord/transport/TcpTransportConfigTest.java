package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class TcpTransportConfigTest {
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 7001);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 7002);
    private static final InetSocketAddress C = new InetSocketAddress("127.0.0.1", 7003);

    @Test
    void shouldBindToItsOwnEntryOfTheMembershipAndKeepOnlyTheOthersAsPeers() {
        TcpTransportConfig config = TcpTransportConfig.builder()
            .selfId(2).clusterName("c").peer(3, C).peer(1, A).peer(2, B).build();

        assertThat(config.bindAddress()).isEqualTo(B);
        assertThat(config.peers()).containsOnlyKeys(1, 3);
        assertThat(config.peers().firstKey()).isEqualTo(1);
        assertThatThrownBy(() -> config.peers().put(4, A)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRejectAQueueSmallerThanOneFrame() {
        assertThatThrownBy(() -> TcpTransportConfig.builder().selfId(1).clusterName("c").peer(1, A)
            .maxFrameBytes(64 * 1024).outboundQueueBytes(1024).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outboundQueueBytes");
    }

    @Test
    void shouldRejectAClusterNameLongerThanAHelloCarries() {
        assertThatThrownBy(() -> TcpTransportConfig.builder().selfId(1).clusterName("x".repeat(256)).peer(1, A).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clusterName");
    }

    @Test
    void shouldRejectAConfigurationWithNoAddressToBind() {
        assertThatThrownBy(() -> TcpTransportConfig.builder().selfId(1).clusterName("c").peer(2, B).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bind address");
    }
}
