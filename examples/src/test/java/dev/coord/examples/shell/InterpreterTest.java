package dev.coord.examples.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.Coordinator;
import dev.coord.CreateMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * InterpreterTest runs shell input against a real standalone, in-memory Coordinator and checks what
 * the shell prints on stdout and stderr.
 */
class InterpreterTest {
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(10);

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private Coordinator coord;
    private Interpreter shell;

    @BeforeEach
    void start() {
        coord = Coordinator.builder().start();
        ShellOutput output = new ShellOutput(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        shell = new Interpreter(CommandTable.standard(), ShellContext.printingEvents(coord, coord::status, output));
    }

    @AfterEach
    void stop() {
        coord.close();
    }

    @Test
    void shouldCreateGetAndListWithQuotedData() {
        assertThat(shell.runLine("create /a \"hello world\"; create /a/b; get /a; ls /a")).isEqualTo(Interpreter.Outcome.OK);
        assertThat(out()).isEqualTo("Created /a\nCreated /a/b\nhello world\n[b]\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldCreateEachModeTheFlagsAskFor() {
        shell.runLine("create /p; create -s /p/s- x; create -e /p/e; create -e -s /p/es-; create -c /c; create -t 60000 /t");
        assertThat(out()).contains("Created /p/s-0000000000", "Created /p/es-0000000002");
        assertThat(coord.exists("/p/e").ephemeralOwner()).isEqualTo(coord.sessionId());
        assertThat(coord.exists("/c")).isNotNull();
        assertThat(coord.exists("/t")).isNotNull();
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldRejectCreateFlagsThatExcludeEachOther() {
        assertThat(shell.runLine("create -c -e /x")).isEqualTo(Interpreter.Outcome.FAILED);
        assertThat(shell.runLine("create -e -t 10 /x")).isEqualTo(Interpreter.Outcome.FAILED);
        assertThat(shell.runLine("create -t 0 /x")).isEqualTo(Interpreter.Outcome.FAILED);
        assertThat(err()).isEqualTo(
                "error: -c and -e cannot be combined; usage: create [-e] [-s] [-c] [-t ttl] path [data]\n"
                + "error: -e and -t cannot be combined; usage: create [-e] [-s] [-c] [-t ttl] path [data]\n"
                + "error: -t needs a TTL in milliseconds greater than 0, got 0; usage: create [-e] [-s] [-c] [-t ttl] path [data]\n");
        assertThat(coord.exists("/x")).isNull();
    }

    @Test
    void shouldSetOnlyTheExpectedVersionAndPrintTheRefusal() {
        shell.runLine("create /a one");
        assertThat(shell.runLine("set /a two -v 0")).isEqualTo(Interpreter.Outcome.OK);
        assertThat(shell.runLine("set /a three -v 0")).isEqualTo(Interpreter.Outcome.FAILED);
        assertThat(err()).startsWith("error: BADVERSION: ").contains("/a");
        assertThat(new String(coord.getData("/a").data(), StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(shell.anyFailed()).isTrue();
    }

    @Test
    void shouldPrintStatWithGetSAndLsS() {
        shell.runLine("create /a x; get -s /a; ls -s /");
        assertThat(out()).contains("x\nczxid = 0x", "dataLength = 1\n", "[a]\nczxid = 0x0", "numChildren = 1\n");
    }

    @Test
    void shouldRefuseToDeleteANodeWithChildrenButDeleteAllOfIt() {
        shell.runLine("create /a; create /a/b; create /a/b/c; create /a/d");
        assertThat(shell.runLine("delete /a")).isEqualTo(Interpreter.Outcome.FAILED);
        assertThat(err()).startsWith("error: NOTEMPTY: ");
        assertThat(shell.runLine("ls -R /a")).isEqualTo(Interpreter.Outcome.OK);
        assertThat(out()).endsWith("/a\n/a/b\n/a/b/c\n/a/d\n");
        assertThat(shell.runLine("deleteall /a")).isEqualTo(Interpreter.Outcome.OK);
        assertThat(coord.exists("/a")).isNull();
        assertThat(shell.runLine("deleteall /a")).isEqualTo(Interpreter.Outcome.FAILED);
        assertThat(err()).endsWith("error: NONODE: /a does not exist\n");
    }

    @Test
    void shouldDeleteOnlyTheExpectedVersion() {
        shell.runLine("create /a; set /a x");
        assertThat(shell.runLine("delete -v 0 /a")).isEqualTo(Interpreter.Outcome.FAILED);
        assertThat(shell.runLine("delete -v 1 /a")).isEqualTo(Interpreter.Outcome.OK);
        assertThat(coord.exists("/a")).isNull();
    }

    @Test
    void shouldPrintAWatcherLineWhenAWatchedNodeChanges() throws InterruptedException {
        shell.runLine("create /a; get -w /a; ls -w /a; stat -w /a");
        coord.setData("/a", new byte[] {1}, -1);
        awaitOut("WATCHER:: type=NODE_DATA_CHANGED path=/a zxid=0x");
        coord.create("/a/b", new byte[0], CreateMode.PERSISTENT);
        awaitOut("WATCHER:: type=NODE_CHILDREN_CHANGED path=/a zxid=0x");
        assertThat(shell.runLine("stat -w /missing")).isEqualTo(Interpreter.Outcome.FAILED);
        assertThat(err()).contains("/missing does not exist (the watch was left");
        coord.create("/missing", new byte[0], CreateMode.PERSISTENT);
        awaitOut("WATCHER:: type=NODE_CREATED path=/missing zxid=0x");
    }

    @Test
    void shouldNameBadPathsUnknownCommandsAndBadFlags() {
        shell.runLine("get a/b");
        shell.runLine("frob /");
        shell.runLine("get -x /");
        shell.runLine("create /a \"unterminated");
        String[] lines = err().split("\n");
        assertThat(lines[0]).startsWith("error: BADARGUMENTS: ").contains("a/b");
        assertThat(lines[1]).isEqualTo("error: unknown command 'frob'; type help for the list of commands");
        assertThat(lines[2]).isEqualTo("error: unknown flag -x; usage: get [-s] [-w] path");
        assertThat(lines[3]).isEqualTo("error: unterminated \" quote");
        assertThat(coord.exists("/a")).isNull();
    }

    @Test
    void shouldRunTheRestOfALineAfterAFailureButStopAtQuit() {
        assertThat(shell.runLine("get /nope; create /a")).isEqualTo(Interpreter.Outcome.FAILED);
        assertThat(coord.exists("/a")).isNotNull();
        assertThat(shell.runLine("create /b; quit; create /c")).isEqualTo(Interpreter.Outcome.QUIT);
        assertThat(coord.exists("/b")).isNotNull();
        assertThat(coord.exists("/c")).isNull();
        assertThat(shell.runLine("exit")).isEqualTo(Interpreter.Outcome.QUIT);
    }

    @Test
    void shouldListHistoryAndRedoALine() {
        shell.runLine("create /a");
        shell.runLine("create -s /a/n-");
        shell.runLine("history");
        assertThat(out()).endsWith("0 - create /a\n1 - create -s /a/n-\n2 - history\n");
        assertThat(shell.runLine("redo 1")).isEqualTo(Interpreter.Outcome.OK);
        assertThat(coord.getChildren("/a")).containsExactly("n-0000000000", "n-0000000001");
        assertThat(shell.runLine("redo 9")).isEqualTo(Interpreter.Outcome.FAILED);
        assertThat(err()).contains("no line 9 in the history");
    }

    @Test
    void shouldDescribeEveryCommandInHelp() {
        shell.runLine("help");
        for (Command c : CommandTable.standard().all()) {
            assertThat(out()).contains(c.spec().usage());
        }
        shell.runLine("help set");
        assertThat(out()).endsWith("usage: set [-s] path data [-v version]\n  "
                + CommandTable.standard().find("set").orElseThrow().spec().summary() + "\n");
    }

    @Test
    void shouldPrintThePeersStatusAndSyncs() {
        assertThat(shell.runLine("sync /; status")).isEqualTo(Interpreter.Outcome.OK);
        assertThat(out()).startsWith("synced /\npeer 1 STANDALONE, leader 1, epoch ");
    }

    private void awaitOut(String text) throws InterruptedException {
        long deadlineNs = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (!out().contains(text)) {
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("'" + text + "' was not printed within " + EVENT_TIMEOUT + "; stdout:\n" + out());
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }
}
