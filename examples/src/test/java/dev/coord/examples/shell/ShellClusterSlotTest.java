package dev.coord.examples.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.examples.cluster.ClusterConfig;
import dev.coord.examples.cluster.ObserverSlot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ShellClusterSlotTest checks, in this JVM and without starting a peer, what {@code shell --cluster}
 * takes from a cluster directory (the cluster's name, its members, the slot it claimed) and how it
 * refuses a directory with no cluster in it, a cluster whose observer slots are all held, and
 * {@code --cluster} combined with {@code --members}. ClusterExamplesTest runs it against a real cluster.
 */
class ShellClusterSlotTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldSayHowToStartTheClusterWhenTheDirectoryHasNone() {
        int status = shell("--cluster", dir.toString(), "-c", "ls /");

        assertThat(status).isEqualTo(ShellCommand.EXIT_NOT_JOINED);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("shell: " + dir.resolve("cluster.properties")
                + " does not exist").contains("scripts/cluster.sh start " + dir);
    }

    @Test
    void shouldSayEverySlotIsTakenWhenItIsAndTakeNone() throws Exception {
        ClusterConfig config = ClusterConfig.loopback(20_000);
        config.write(dir);
        List<ObserverSlot> held = new ArrayList<>();
        try {
            for (int i = 0; i < config.observers().size(); i++) {
                held.add(ObserverSlot.claimFirstFree(dir));
            }

            int status = shell("--cluster", dir.toString(), "-c", "ls /");

            assertThat(status).isEqualTo(ShellCommand.EXIT_NOT_JOINED);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("shell: every observer slot of " + dir)
                    .contains(config.observers().keySet().toString());
        } finally {
            for (ObserverSlot slot : held) {
                slot.close();
            }
        }
        try (ObserverSlot again = ObserverSlot.claimFirstFree(dir)) {
            assertThat(again.id()).as("the first slot, free again").isEqualTo(11);
        }
    }

    @Test
    void shouldJoinWithTheClusterNameAndTheSlotItClaimed() throws Exception {
        ClusterConfig blue = new ClusterConfig("blue", ClusterConfig.loopback(20_000).members(),
                ClusterConfig.loopback(20_000).observers());
        blue.write(dir);

        try (ObserverSlot first = ObserverSlot.claimFirstFree(dir); ObserverSlot second = ObserverSlot.claimFirstFree(dir)) {
            Ensemble ensemble = Ensemble.of(second);

            assertThat(ensemble.clusterName()).contains("blue");
            assertThat(ensemble.id()).isEqualTo(12).isNotEqualTo(first.id());
            assertThat(ensemble.members()).isEqualTo(blue.members());
            assertThat(ensemble.ownAddress().getPort()).isEqualTo(20_012);
        }
    }

    @Test
    void shouldRefuseTheClusterWithTheMembersAsAWrongCommandLine() {
        int status = shell("--cluster", dir.toString(), "--members", "1=127.0.0.1:7001");

        assertThat(status).isEqualTo(ShellCommand.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("shell: --cluster cannot be combined with --members, --observers or --id");
    }

    private int shell(String... args) {
        return ShellCommand.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null);
    }
}
