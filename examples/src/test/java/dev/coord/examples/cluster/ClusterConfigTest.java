package dev.coord.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.examples.OptionValues;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldDeclareThreeVotersAndEightObserverSlotsOnLoopback() {
        ClusterConfig config = ClusterConfig.loopback(7100);

        assertThat(OptionValues.format(config.members())).isEqualTo("1=127.0.0.1:7101,2=127.0.0.1:7102,3=127.0.0.1:7103");
        assertThat(config.observers().keySet()).containsExactly(11, 12, 13, 14, 15, 16, 17, 18);
        assertThat(config.observers().get(18).getPort()).isEqualTo(7118);
    }

    @Test
    void shouldReadBackWhatItWrote() throws Exception {
        ClusterConfig config = ClusterConfig.loopback(20000);

        config.write(dir);

        assertThat(ClusterConfig.read(dir)).isEqualTo(config);
    }

    @Test
    void shouldNameTheFileAndTheCommandWhenNoClusterWasStarted() {
        assertThatThrownBy(() -> ClusterConfig.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("cluster.properties").toString())
                .hasMessageContaining("cluster.sh start");
    }

    @Test
    void shouldNameTheEntryThatIsNotAnAddress() throws Exception {
        Files.writeString(dir.resolve("cluster.properties"), "cluster.name=coord\nmembers=1=127.0.0.1:7101,2=nowhere\n"
                + "observers=11=127.0.0.1:7111\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ClusterConfig.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'members': '2=nowhere' is not ID=HOST:PORT");
    }

    @Test
    void shouldRefuseABasePortWhoseSlotsWouldNotFit() {
        assertThatThrownBy(() -> ClusterConfig.loopback(65530)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base port 65530");
    }
}
