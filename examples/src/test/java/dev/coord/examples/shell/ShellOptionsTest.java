package dev.coord.examples.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.examples.OptionValues;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShellOptionsTest {
    private static final String MEMBERS = "1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003";

    @Test
    void shouldTakeTheOnlyObserverSlotWhenNoIdIsGiven() {
        ShellOptions o = ShellOptions.parse(new String[] {"--members", MEMBERS, "--observers", "4=127.0.0.1:7004"});
        Ensemble ensemble = o.listed().orElseThrow();
        assertThat(o.cluster()).isEmpty();
        assertThat(ensemble.id()).isEqualTo(4);
        assertThat(ensemble.members()).containsOnlyKeys(1, 2, 3);
        assertThat(ensemble.clusterName()).isEmpty();
        assertThat(OptionValues.format(ensemble.ownAddress())).isEqualTo("127.0.0.1:7004");
        assertThat(o.dataDir()).isEmpty();
        assertThat(o.timeout()).isEqualTo(ShellOptions.DEFAULT_TIMEOUT);
        assertThat(o.commands()).isEmpty();
        assertThat(o.verbose()).isFalse();
    }

    @Test
    void shouldParseEveryOption() {
        ShellOptions o = ShellOptions.parse(new String[] {"--members", MEMBERS,
                "--observers", "4=127.0.0.1:7004,5=[::1]:7005", "--id", "5", "--data-dir", "obs",
                "--timeout-ms", "2500", "--session-timeout-ms", "4000", "-c", "ls /; get /a", "--verbose"});
        assertThat(o.listed().orElseThrow().id()).isEqualTo(5);
        assertThat(o.listed().orElseThrow().ownAddress().getHostString()).isEqualTo("::1");
        assertThat(o.dataDir()).contains(Path.of("obs"));
        assertThat(o.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(o.sessionTimeoutMs()).contains(4000L);
        assertThat(o.commands()).contains("ls /; get /a");
        assertThat(o.verbose()).isTrue();
    }

    @Test
    void shouldTakeTheEnsembleFromTheClusterDirectory() {
        ShellOptions o = ShellOptions.parse(new String[] {"--cluster", "coord-cluster", "-c", "ls /", "--timeout-ms", "3000"});

        assertThat(o.cluster()).contains(Path.of("coord-cluster"));
        assertThat(o.listed()).isEmpty();
        assertThat(o.commands()).contains("ls /");
        assertThat(o.timeout()).isEqualTo(Duration.ofMillis(3000));
    }

    @Test
    void shouldRefuseTheClusterDirectoryWithTheEnsembleByHand() {
        for (String[] byHand : new String[][] {{"--members", MEMBERS}, {"--observers", "4=h:1"}, {"--id", "4"}}) {
            String[] args = {"--cluster", "dir", byHand[0], byHand[1]};
            assertThatThrownBy(() -> ShellOptions.parse(args)).as(byHand[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--cluster cannot be combined with --members, --observers or --id")
                    .hasMessageContaining(Path.of("dir", "cluster.properties").toString());
        }
    }

    @Test
    void shouldRefuseToJoinAsAVoterOrOutsideTheObserverSlots() {
        assertThatThrownBy(() -> ShellOptions.parse(new String[] {"--members", MEMBERS, "--observers", "4=h:1", "--id", "2"}))
                .hasMessageContaining("--id 2 is a voting member");
        assertThatThrownBy(() -> ShellOptions.parse(new String[] {"--members", MEMBERS, "--observers", "4=h:1", "--id", "9"}))
                .hasMessage("--id 9 is not among the observer slots [4]");
        assertThatThrownBy(() -> ShellOptions.parse(new String[] {"--members", MEMBERS, "--observers", "4=h:1,5=h:2"}))
                .hasMessageContaining("--id is required when several observer slots are listed");
        assertThatThrownBy(() -> ShellOptions.parse(new String[] {"--members", MEMBERS}))
                .hasMessageStartingWith("--observers is required");
        assertThatThrownBy(() -> ShellOptions.parse(new String[] {"--observers", "4=h:1"}))
                .hasMessageStartingWith("--members is required");
    }

    @Test
    void shouldNameTheBadArgument() {
        assertThatThrownBy(() -> ShellOptions.parse(new String[] {"--members", MEMBERS, "--observers", "4=h:1", "--frob"}))
                .hasMessage("unknown option --frob");
        assertThatThrownBy(() -> ShellOptions.parse(new String[] {"--members", MEMBERS, "--observers", "4=h:1", "-c"}))
                .hasMessage("-c needs a value: \"CMD; CMD\"");
        assertThatThrownBy(() -> ShellOptions.parse(new String[] {"--members", "1=h", "--observers", "4=h:1"}))
                .hasMessage("--members: '1=h' is not ID=HOST:PORT");
        assertThatThrownBy(() -> ShellOptions.parse(new String[] {"--members", "1=h:1,1=h:2", "--observers", "4=h:1"}))
                .hasMessage("--members: peer 1 is listed twice");
        assertThatThrownBy(() -> ShellOptions.parse(new String[] {"--members", MEMBERS, "--observers", "3=h:1"}))
                .hasMessage("peer 3 is both a member and an observer");
        assertThatThrownBy(() -> ShellOptions.parse(new String[] {"--members", MEMBERS, "--observers", "4=h:1",
                "--timeout-ms", "0"})).hasMessageContaining("--timeout-ms: 0 must be between 1");
        assertThatThrownBy(() -> ShellOptions.parse(new String[] {"--members", MEMBERS, "--observers", "4=h:1",
                "-c", "ls /", "-f", "script"})).hasMessage("-c and -f cannot be combined");
    }

    @Test
    void shouldListEveryOptionInTheUsage() {
        String usage = ShellOptions.usage();
        for (String name : ShellOptions.OPTIONS.keySet()) {
            assertThat(usage).contains(name);
        }
    }
}
