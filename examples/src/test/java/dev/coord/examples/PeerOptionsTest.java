package dev.coord.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** PeerOptionsTest checks how the {@code peer} command line is parsed and refused. */
class PeerOptionsTest {
    private static final String MEMBERS = "1=127.0.0.1:7001,2=127.0.0.1:7002,3=localhost:7003";

    @Test
    void shouldParseMembersObserversAndTimings() {
        PeerOptions o = PeerOptions.parse(new String[] {"--id", "2", "--members", MEMBERS, "--data-dir", "d2",
                "--observers", "4=[::1]:7004", "--session-timeout-ms", "4000", "--tick-ms", "50"});
        assertThat(o.id()).isEqualTo(2);
        assertThat(o.members()).containsOnlyKeys(1, 2, 3);
        assertThat(o.members().get(3).getHostString()).isEqualTo("localhost");
        assertThat(o.members().get(3).getPort()).isEqualTo(7003);
        assertThat(o.observers().get(4).getHostString()).isEqualTo("::1");
        assertThat(o.dataDir()).isEqualTo(Path.of("d2"));
        assertThat(o.sessionTimeoutMs()).hasValue(4000);
        assertThat(o.tickMs()).hasValue(50);
    }

    @Test
    void shouldLeaveTimingsToTheBuilderWhenNotGiven() {
        PeerOptions o = PeerOptions.parse(new String[] {"--id", "1", "--members", MEMBERS, "--data-dir", "d1"});
        assertThat(o.observers()).isEmpty();
        assertThat(o.sessionTimeoutMs()).isEmpty();
        assertThat(o.tickMs()).isEmpty();
    }

    @Test
    void shouldRefuseMissingRequiredOptions() {
        assertThatThrownBy(() -> PeerOptions.parse(new String[] {"--id", "1", "--members", MEMBERS}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--data-dir");
    }

    @Test
    void shouldRefuseUnknownOptionsAndMissingValues() {
        assertThatThrownBy(() -> PeerOptions.parse(new String[] {"--port", "1"})).hasMessage("unknown option --port");
        assertThatThrownBy(() -> PeerOptions.parse(new String[] {"--id"})).hasMessage("--id needs a value");
    }

    @Test
    void shouldRefuseMalformedAddressesAndNumbers() {
        assertThatThrownBy(() -> parseMembers("1=127.0.0.1")).hasMessageContaining("is not ID=HOST:PORT");
        assertThatThrownBy(() -> parseMembers("1=:7001")).hasMessageContaining("is not ID=HOST:PORT");
        assertThatThrownBy(() -> parseMembers("x=h:7001")).hasMessageContaining("'x' is not a number");
        assertThatThrownBy(() -> parseMembers("1=h:70000")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> parseMembers("1=h:1,1=h:2")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> PeerOptions.parse(new String[] {"--id", "0", "--members", MEMBERS, "--data-dir", "d"}))
                .hasMessageContaining("must be between 1");
    }

    @Test
    void shouldRefuseAPeerThatIsBothMemberAndObserver() {
        assertThatThrownBy(() -> PeerOptions.parse(new String[] {"--id", "1", "--members", MEMBERS, "--data-dir", "d",
                "--observers", "3=h:7004"})).hasMessage("peer 3 is both a member and an observer");
    }

    private static PeerOptions parseMembers(String members) {
        return PeerOptions.parse(new String[] {"--id", "1", "--members", members, "--data-dir", "d"});
    }
}
