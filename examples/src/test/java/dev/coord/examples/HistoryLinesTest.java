package dev.coord.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.Coordinator;
import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HistoryLinesTest runs history commands through the line protocol of a standalone Coordinator. */
class HistoryLinesTest {
    private final Coordinator coord = Coordinator.builder().start();
    private final LineProtocol protocol = new LineProtocol(coord);

    @AfterEach
    void close() {
        coord.close();
    }

    private Result run(Command command) {
        return HistoryLines.result(command, protocol.answer(HistoryLines.line(command)));
    }

    @Test
    void shouldRecordWritesWithTheirValuesAndDefiniteFailuresWithTheirCodes() {
        assertThat(run(new Command.Create("/a", "one", false, false))).isEqualTo(new Result.Ok("/a"));
        assertThat(run(new Command.Create("/a", "two", false, false))).isEqualTo(new Result.Failed("NODEEXISTS"));
        long czxid = coord.exists("/a").czxid();
        Result set = run(new Command.SetData("/a", "three", 0));
        assertThat(set).isEqualTo(new Result.Ok(new Result.Version(1, czxid, coord.exists("/a").mzxid())));
        assertThat(run(new Command.SetData("/a", "four", 0))).isEqualTo(new Result.Failed("BADVERSION"));
        assertThat(run(new Command.Delete("/a", 0))).isEqualTo(new Result.Failed("BADVERSION"));
        assertThat(run(new Command.Delete("/a", -1))).isEqualTo(new Result.Ok(null));
        assertThat(run(new Command.SetData("/a", "five", -1))).isEqualTo(new Result.Failed("NONODE"));
    }

    @Test
    void shouldRecordReadsWithTheNodeTheySaw() {
        assertThat(run(new Command.GetData("/a"))).isEqualTo(new Result.Failed("NONODE"));
        assertThat(run(new Command.Exists("/a"))).isEqualTo(new Result.Ok(null));
        run(new Command.Create("/a", "with  spaces ", false, false));
        long czxid = coord.exists("/a").czxid();
        assertThat(run(new Command.GetData("/a"))).isEqualTo(new Result.Ok(new Result.Node("with  spaces ", 0, czxid, czxid)));
        assertThat(run(new Command.Exists("/a"))).isEqualTo(new Result.Ok(new Result.Node(null, 0, czxid, czxid)));
    }

    @Test
    void shouldRecordAnUnknownOutcomeWhenThePeerCannotServe() {
        assertThat(HistoryLines.result(new Command.SetData("/a", "x", -1),
                "error: CONNECTIONLOSS the connection to the leader was lost")).isEqualTo(new Result.Unknown());
        assertThat(HistoryLines.result(new Command.GetData("/a"), "error: NOQUORUM no leader")).isEqualTo(new Result.Unknown());
        coord.defaultSession().close();
        assertThat(run(new Command.Create("/b", "x", false, false))).isEqualTo(new Result.Unknown());
    }

    @Test
    void shouldRefuseAnswersThatBreakTheContract() {
        assertThatThrownBy(() -> HistoryLines.result(new Command.Delete("/a", -1), "error: usage: delete"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HistoryLines.result(new Command.SetData("/a", "x", -1), "3"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HistoryLines.result(new Command.Create("/a", "x", false, false), "/b"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldFindTheCodeOfAnErrorAnswerOnly() {
        assertThat(HistoryLines.errorCode("error: NONODE /a does not exist")).isEqualTo("NONODE");
        assertThat(HistoryLines.errorCode("error: usage: get [-s] PATH")).isNull();
        assertThat(HistoryLines.errorCode("NONODE")).isNull();
    }
}
