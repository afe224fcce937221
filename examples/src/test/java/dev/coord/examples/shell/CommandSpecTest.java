package dev.coord.examples.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandSpecTest {
    private final CommandSpec set = new CommandSpec("set", "set [-s] path data [-v version]", "set data",
            Set.of("-s"), Set.of("-v"), 2, 2);

    @Test
    void shouldAcceptFlagsBeforeBetweenAndAfterOperands() {
        Arguments args = set.parse(List.of("/a", "-v", "3", "data", "-s"));
        assertThat(args.path()).isEqualTo("/a");
        assertThat(args.operand(1)).contains("data");
        assertThat(args.has("-s")).isTrue();
        assertThat(args.intFlag("-v", -1)).isEqualTo(3);
    }

    @Test
    void shouldUseTheDefaultForAnAbsentValuedFlag() {
        Arguments args = set.parse(List.of("/a", "data"));
        assertThat(args.has("-s")).isFalse();
        assertThat(args.intFlag("-v", -1)).isEqualTo(-1);
        assertThat(args.operand(2)).isEmpty();
    }

    @Test
    void shouldTakeWordsAfterDoubleDashAsOperands() {
        Arguments args = set.parse(List.of("-v", "1", "--", "/a", "-s"));
        assertThat(args.operand(1)).contains("-s");
        assertThat(args.has("-s")).isFalse();
    }

    @Test
    void shouldTakeALoneDashAsAnOperand() {
        assertThat(set.parse(List.of("/a", "-")).operand(1)).contains("-");
    }

    @Test
    void shouldNameTheProblemThenTheUsageLine() {
        assertThatThrownBy(() -> set.parse(List.of("/a", "x", "-q"))).isInstanceOf(UsageException.class)
                .hasMessage("unknown flag -q; usage: set [-s] path data [-v version]");
        assertThatThrownBy(() -> set.parse(List.of("/a", "x", "-v"))).isInstanceOf(UsageException.class)
                .hasMessage("-v needs a value; usage: set [-s] path data [-v version]");
        assertThatThrownBy(() -> set.parse(List.of("/a"))).isInstanceOf(UsageException.class)
                .hasMessage("missing argument; usage: set [-s] path data [-v version]");
        assertThatThrownBy(() -> set.parse(List.of())).isInstanceOf(UsageException.class)
                .hasMessage("missing arguments; usage: set [-s] path data [-v version]");
        assertThatThrownBy(() -> set.parse(List.of("/a", "hello", "world"))).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("too many arguments (quote data that has spaces");
    }

    @Test
    void shouldRejectAVersionThatIsNotANumber() {
        Arguments args = set.parse(List.of("/a", "x", "-v", "three"));
        assertThatThrownBy(() -> args.intFlag("-v", -1)).isInstanceOf(UsageException.class)
                .hasMessage("-v needs a number, got 'three'; usage: set [-s] path data [-v version]");
        Arguments huge = set.parse(List.of("/a", "x", "-v", "99999999999"));
        assertThatThrownBy(() -> huge.intFlag("-v", -1)).isInstanceOf(UsageException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void shouldRejectFlagsThatExcludeEachOther() {
        CommandSpec ls = new CommandSpec("ls", "ls [-s] [-R] [-w] path", "list", Set.of("-s", "-R", "-w"), Set.of(), 1, 1);
        Arguments args = ls.parse(List.of("-R", "-w", "/"));
        assertThatThrownBy(() -> args.exclusive("-R", "-w")).isInstanceOf(UsageException.class)
                .hasMessage("-R and -w cannot be combined; usage: ls [-s] [-R] [-w] path");
    }
}
