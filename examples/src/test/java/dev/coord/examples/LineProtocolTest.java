package dev.coord.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.Coordinator;
import dev.coord.CreateMode;
import dev.coord.Stat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LineProtocolTest drives the line protocol against a standalone in-memory Coordinator. */
class LineProtocolTest {
    private final Coordinator coord = Coordinator.builder().start();
    private final LineProtocol protocol = new LineProtocol(coord);

    @AfterEach
    void close() {
        coord.close();
    }

    @Test
    void shouldCreateGetAndSetDataThatKeepsItsSpaces() {
        assertThat(protocol.answer("create /a hello  world ")).isEqualTo("/a");
        assertThat(protocol.answer("get /a")).isEqualTo("hello  world ");
        assertThat(protocol.answer("set /a  two")).isEqualTo("1");
        assertThat(protocol.answer("get /a")).isEqualTo(" two");
    }

    @Test
    void shouldAcceptEmptyData() {
        assertThat(protocol.answer("create /a")).isEqualTo("/a");
        assertThat(protocol.answer("set /a ")).isEqualTo("1");
        assertThat(protocol.answer("get /a")).isEmpty();
    }

    @Test
    void shouldCreateEphemeralSequentialNodesWithBothFlags() {
        protocol.answer("create /q x");
        assertThat(protocol.answer("create -e -s /q/job- x")).isEqualTo("/q/job-0000000000");
        assertThat(protocol.answer("create -s -e /q/job- y")).isEqualTo("/q/job-0000000001");
        assertThat(coord.exists("/q/job-0000000000").ephemeralOwner()).isEqualTo(coord.sessionId());
    }

    @Test
    void shouldListChildrenSortedOnOneLineAndAnEmptyLineForNone() {
        protocol.answer("create /b");
        protocol.answer("create /a");
        protocol.answer("create /a10");
        protocol.answer("create /a2");
        assertThat(protocol.answer("ls /")).isEqualTo("a a10 a2 b");
        assertThat(protocol.answer("ls /a")).isEmpty();
    }

    @Test
    void shouldDeleteAndSync() {
        protocol.answer("create /a");
        assertThat(protocol.answer("delete /a")).isEqualTo("ok");
        assertThat(protocol.answer("sync /")).isEqualTo("ok");
        assertThat(protocol.answer("ls /")).isEmpty();
    }

    @Test
    void shouldReportStatusAndDigestWithLowerCaseHexZxids() {
        assertThat(protocol.answer("status")).matches("role=STANDALONE leader=1 epoch=\\d+ zxid=0x[0-9a-f]+");
        assertThat(protocol.answer("digest")).matches("digest=0x[0-9a-f]+ zxid=0x[0-9a-f]+");
    }

    @Test
    void shouldAnswerCoordExceptionsWithTheirMessage() {
        assertThat(protocol.answer("get /missing")).startsWith("error: ").contains("/missing");
        assertThat(protocol.answer("create relative x")).startsWith("error: ").contains("relative");
    }

    @Test
    void shouldAnswerGetWithStatFieldsFirstThenTheDataThatKeepsItsSpaces() {
        protocol.answer("create /a one");
        protocol.answer("set /a two  words ");
        Stat stat = coord.exists("/a");
        assertThat(protocol.answer("get -s /a")).isEqualTo("version=1 czxid=0x" + Long.toHexString(stat.czxid())
                + " mzxid=0x" + Long.toHexString(stat.mzxid()) + " data=two  words ");
        assertThat(stat.mzxid()).isGreaterThan(stat.czxid());
    }

    @Test
    void shouldSetOnlyAtTheExpectedVersionAndAnswerTheNewStat() {
        protocol.answer("create /a one");
        long czxid = coord.exists("/a").czxid();
        assertThat(protocol.answer("set -v 0 /a two")).isEqualTo("version=1 czxid=0x" + Long.toHexString(czxid)
                + " mzxid=0x" + Long.toHexString(coord.exists("/a").mzxid()));
        assertThat(protocol.answer("set -v 0 /a three")).startsWith("error: BADVERSION ");
        assertThat(protocol.answer("set -v -1 /a four")).startsWith("version=2 ");
        assertThat(protocol.answer("get /a")).isEqualTo("four");
    }

    @Test
    void shouldDeleteOnlyAtTheExpectedVersion() {
        protocol.answer("create /a one");
        protocol.answer("set /a two");
        assertThat(protocol.answer("delete -v 0 /a")).startsWith("error: BADVERSION ");
        assertThat(protocol.answer("delete -v 1 /a")).isEqualTo("ok");
        assertThat(protocol.answer("delete -v -1 /a")).startsWith("error: NONODE ");
    }

    @Test
    void shouldAnswerExistsWithTheStatOrNone() {
        assertThat(protocol.answer("exists /a")).isEqualTo("none");
        protocol.answer("create /a one");
        Stat stat = coord.exists("/a");
        assertThat(protocol.answer("exists /a")).isEqualTo("version=0 czxid=0x" + Long.toHexString(stat.czxid())
                + " mzxid=0x" + Long.toHexString(stat.mzxid()));
    }

    @Test
    void shouldStartCoordErrorsWithZooKeepersCodeNameAndCommandLineErrorsWithout() {
        protocol.answer("create /a x");
        protocol.answer("create /a/b x");
        assertThat(protocol.answer("get -s /missing")).startsWith("error: NONODE ").contains("/missing");
        assertThat(protocol.answer("create /a x")).startsWith("error: NODEEXISTS ");
        assertThat(protocol.answer("delete /a")).startsWith("error: NOTEMPTY ");
        assertThat(protocol.answer("create -e /e x")).isEqualTo("/e");
        assertThat(protocol.answer("create /e/c x")).startsWith("error: NOCHILDRENFOREPHEMERALS ");
        assertThat(protocol.answer("create relative x")).startsWith("error: BADARGUMENTS ");
        assertThat(protocol.answer("get")).matches("error: [a-z].*");
    }

    @Test
    void shouldAnswerSessionExpiredOnceTheSessionIsGone() {
        coord.defaultSession().close();
        assertThat(protocol.answer("get /")).matches("error: (SESSIONEXPIRED|CLOSED) .*");
    }

    @Test
    void shouldRefuseAVersionThatIsNotANumber() {
        protocol.answer("create /a x");
        assertThat(protocol.answer("set -v x /a y")).startsWith("error: -v needs a version number, got 'x'");
        assertThat(protocol.answer("delete -v")).startsWith("error: -v needs a version number");
        assertThat(protocol.answer("get -s")).startsWith("error: usage: get [-s] PATH");
    }

    @Test
    void shouldRefuseUnknownCommandsFlagsAndWrongArity() {
        assertThat(protocol.answer("frobnicate /a")).startsWith("error: unknown command 'frobnicate'");
        assertThat(protocol.answer("")).isEqualTo("error: empty command");
        assertThat(protocol.answer("create -x /a")).startsWith("error: unknown flag -x");
        assertThat(protocol.answer("create")).startsWith("error: usage: create");
        assertThat(protocol.answer("get")).startsWith("error: usage: get [-s] PATH");
        assertThat(protocol.answer("ls / extra")).startsWith("error: too many arguments");
        assertThat(protocol.answer("status now")).startsWith("error: too many arguments");
    }

    @Test
    void shouldKeepAnAnswerOnOneLineWhenDataHoldsLineBreaks() {
        coord.create("/a", "one\ntwo\r\n".getBytes(StandardCharsets.UTF_8), CreateMode.PERSISTENT);
        assertThat(protocol.answer("get /a")).isEqualTo("one\\ntwo\\r\\n");
    }

    @Test
    void shouldRoundTripUtf8Data() {
        assertThat(protocol.answer("create /ü grüße ✓")).isEqualTo("/ü");
        assertThat(protocol.answer("get /ü")).isEqualTo("grüße ✓");
    }
}
