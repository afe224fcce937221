package dev.coord.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObserverSlotTest {
    @TempDir
    Path dir;

    private final ClusterConfig config = new ClusterConfig("coord",
            Map.of(1, InetSocketAddress.createUnresolved("127.0.0.1", 7101)),
            Map.of(11, InetSocketAddress.createUnresolved("127.0.0.1", 7111),
                    12, InetSocketAddress.createUnresolved("127.0.0.1", 7112)));

    @Test
    void shouldClaimTheLowestFreeSlotAndGiveItBackOnClose() throws Exception {
        ClusterFiles files = new ClusterFiles(dir);
        try (ObserverSlot first = ObserverSlot.claimFirstFree(files, config)) {
            assertThat(first.id()).isEqualTo(11);
            try (ObserverSlot second = ObserverSlot.claimFirstFree(files, config)) {
                assertThat(second.id()).isEqualTo(12);
                assertThatThrownBy(() -> ObserverSlot.claimFirstFree(files, config))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("every observer slot of " + dir + " ([11, 12]) is in use");
            }
            try (ObserverSlot again = ObserverSlot.claimFirstFree(files, config)) {
                assertThat(again.id()).isEqualTo(12);
            }
        }
        try (ObserverSlot again = ObserverSlot.claimFirstFree(files, config)) {
            assertThat(again.id()).isEqualTo(11);
        }
    }
}
