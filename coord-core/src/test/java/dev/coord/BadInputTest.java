package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Black-box tests of input checking on an in-memory {@link Coordinator}: every bad input throws
 * {@link CoordException.BadArgumentsException} naming the path and the rule and changes nothing (the
 * zxid, the digest and the node count stay as they were); state errors (ephemeral parent, missing parent,
 * stale version) throw their own exceptions and change nothing either; and every call after close throws
 * {@link CoordException.ClosedException}.
 */
class BadInputTest {
    private static final int ONE_MIB = 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Coordinator coord;
    private boolean closedByTest;

    @BeforeEach
    void startWithSomeNodes() {
        coord = Coordinator.builder().start();
        coord.create("/a", bytes("a"), CreateMode.PERSISTENT);
        coord.create("/a/b", bytes("b"), CreateMode.PERSISTENT);
        coord.create("/eph", bytes("e"), CreateMode.EPHEMERAL);
    }

    @AfterEach
    void closeCoordinator() {
        if (!closedByTest) {
            coord.close();
        }
    }

    /**
     * BadCall is one bad call: what it does, the path the exception must name (null when none), and the
     * words of which the message must contain at least one (case-insensitive) to name the rule.
     */
    record BadCall(String name, Consumer<CoordClient> call, String path, List<String> ruleWords) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> badCalls() {
        List<BadCall> calls = new ArrayList<>();
        // Path syntax, on every method that takes a path.
        List<PathCase> paths = List.of(
                new PathCase("empty path", "", List.of("empty")),
                new PathCase("no leading slash", "a/b", List.of("start", "begin", "absolute", "leading")),
                new PathCase("trailing slash", "/a/", List.of("trailing", "end")),
                new PathCase("double slash", "/a//b", List.of("empty")),
                new PathCase("only slashes", "//", List.of("empty", "trailing", "end")),
                new PathCase("dot segment", "/a/./b", List.of("relative", "dot", "segment", "'.'", "\".\"")),
                new PathCase("dot-dot segment", "/a/..", List.of("relative", "dot", "segment", "'..'", "\"..\"")),
                new PathCase("leading dot segment", "/./a", List.of("relative", "dot", "segment", "'.'", "\".\"")),
                new PathCase("NUL character", "/bad\u0000x", List.of("char", "control")),
                new PathCase("U+0001 character", "/bad\u0001x", List.of("char", "control")),
                new PathCase("DEL character", "/bad\u007fx", List.of("char", "control")),
                new PathCase("U+009F character", "/bad\u009fx", List.of("char", "control")));
        for (PathCase p : paths) {
            calls.add(new BadCall("create " + p.name, c -> c.create(p.path, null, CreateMode.PERSISTENT), p.path, p.words));
            calls.add(new BadCall("delete " + p.name, c -> c.delete(p.path, -1), p.path, p.words));
            calls.add(new BadCall("setData " + p.name, c -> c.setData(p.path, bytes("x"), -1), p.path, p.words));
            calls.add(new BadCall("exists " + p.name, c -> c.exists(p.path), p.path, p.words));
            calls.add(new BadCall("getData " + p.name, c -> c.getData(p.path), p.path, p.words));
            calls.add(new BadCall("getChildren " + p.name, c -> c.getChildren(p.path), p.path, p.words));
        }
        calls.add(new BadCall("sequential create of a path with an empty segment",
                c -> c.create("/a//", null, CreateMode.PERSISTENT_SEQUENTIAL), "/a//", List.of("empty")));

        List<String> sizeWords = List.of("1048576", "1 MiB", "1MiB", "limit", "large", "long", "exceed", "max", "size");
        calls.add(new BadCall("create with 1 MiB + 1 byte of data",
                c -> c.create("/big", new byte[ONE_MIB + 1], CreateMode.PERSISTENT), "/big", sizeWords));
        calls.add(new BadCall("setData with 1 MiB + 1 byte of data",
                c -> c.setData("/a", new byte[ONE_MIB + 1], -1), "/a", sizeWords));

        List<String> rootWords = List.of("root", "sequential", "\"/\"", "'/'");
        calls.add(new BadCall("persistent sequential create on /",
                c -> c.create("/", null, CreateMode.PERSISTENT_SEQUENTIAL), "/", rootWords));
        calls.add(new BadCall("ephemeral sequential create on /",
                c -> c.create("/", null, CreateMode.EPHEMERAL_SEQUENTIAL), "/", rootWords));
        List<String> rootDeleteWords = List.of("root", "delete", "\"/\"", "'/'");
        calls.add(new BadCall("delete of /", c -> c.delete("/", -1), "/", rootDeleteWords));
        calls.add(new BadCall("delete of / with version 0", c -> c.delete("/", 0), "/", rootDeleteWords));

        List<String> ttlWords = List.of("ttl");
        calls.add(new BadCall("TTL create with ttl 0",
                c -> c.create("/t", null, CreateMode.PERSISTENT_WITH_TTL, 0), "/t", ttlWords));
        calls.add(new BadCall("TTL create without a ttl",
                c -> c.create("/t", null, CreateMode.PERSISTENT_WITH_TTL), "/t", ttlWords));
        calls.add(new BadCall("TTL create with a negative ttl",
                c -> c.create("/t", null, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, -5), "/t", ttlWords));
        calls.add(new BadCall("persistent create with a ttl",
                c -> c.create("/t", null, CreateMode.PERSISTENT, 1000), "/t", ttlWords));
        calls.add(new BadCall("ephemeral create with a ttl",
                c -> c.create("/t", null, CreateMode.EPHEMERAL, 1), "/t", ttlWords));
        calls.add(new BadCall("container create with a negative ttl",
                c -> c.create("/t", null, CreateMode.CONTAINER, -1), "/t", ttlWords));

        List<String> nullWords = List.of("null");
        calls.add(new BadCall("create with a null path", c -> c.create(null, null, CreateMode.PERSISTENT), null, nullWords));
        calls.add(new BadCall("delete with a null path", c -> c.delete(null, -1), null, nullWords));
        calls.add(new BadCall("setData with a null path", c -> c.setData(null, bytes("x"), -1), null, nullWords));
        calls.add(new BadCall("exists with a null path", c -> c.exists(null), null, nullWords));
        calls.add(new BadCall("getData with a null path", c -> c.getData(null), null, nullWords));
        calls.add(new BadCall("getChildren with a null path", c -> c.getChildren(null), null, nullWords));
        calls.add(new BadCall("create with a null mode", c -> c.create("/n", null, null), "/n", List.of("mode")));
        calls.add(new BadCall("multi with a null ops list", c -> c.multi(null), null, List.of("null", "ops", "list")));
        return calls.stream().map(c -> Arguments.of(c));
    }

    private record PathCase(String name, String path, List<String> words) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void shouldRejectBadArgumentsNamingThePathAndTheRuleAndChangeNothing(BadCall bad) {
        Status before = coord.status();

        Throwable thrown = catchThrowable(() -> bad.call().accept(coord));

        assertThat(thrown).as(bad.name()).isInstanceOf(CoordException.BadArgumentsException.class);
        CoordException e = (CoordException) thrown;
        assertThat(e.code()).isEqualTo(CoordException.Code.BAD_ARGUMENTS);
        assertThat(e.path()).as("the exception's path").isEqualTo(bad.path());
        assertMessageNamesPathAndRule(e, bad.path(), bad.ruleWords());
        assertUnchanged(before);
    }

    @Test
    void shouldAcceptDataOfExactlyOneMebibyte() {
        byte[] limit = new byte[ONE_MIB];
        limit[ONE_MIB - 1] = 7;

        coord.create("/big", limit, CreateMode.PERSISTENT);
        Stat stat = coord.setData("/a", limit, -1);

        assertThat(coord.getData("/big").data()).isEqualTo(limit);
        assertThat(coord.exists("/big").dataLength()).isEqualTo(ONE_MIB);
        assertThat(stat.dataLength()).isEqualTo(ONE_MIB);
    }

    @Test
    void shouldRejectABadOpAnywhereInAMultiWithPerOpResultsAndChangeNothing() {
        Status before = coord.status();

        Throwable thrown = catchThrowable(() -> coord.multi(List.of(
                Op.create("/fine", null, CreateMode.PERSISTENT),
                Op.create("/bad/", null, CreateMode.PERSISTENT),
                Op.setData("/a", bytes("x"), -1))));

        assertThat(thrown).isInstanceOf(CoordException.BadArgumentsException.class);
        CoordException e = (CoordException) thrown;
        assertThat(e.failedOpIndex()).isEqualTo(1);
        assertThat(e.opResults()).containsExactly(
                new OpResult.Error(CoordException.Code.OK),
                new OpResult.Error(CoordException.Code.BAD_ARGUMENTS),
                new OpResult.Error(CoordException.Code.RUNTIME_INCONSISTENCY));
        assertThat(e.getMessage()).contains("/bad/");
        assertUnchanged(before);
        assertThat(coord.exists("/fine")).isNull();
    }

    @Test
    void shouldRejectTooMuchDataOrABadTtlInAMulti() {
        Status before = coord.status();

        Throwable tooLarge = catchThrowable(() -> coord.multi(List.of(
                Op.check("/a", -1),
                Op.setData("/a/b", new byte[ONE_MIB + 1], -1))));
        Throwable badTtl = catchThrowable(() -> coord.multi(List.of(
                Op.create("/t", null, CreateMode.PERSISTENT_WITH_TTL, 0))));
        Throwable sequentialRoot = catchThrowable(() -> coord.multi(List.of(
                Op.delete("/a/b", -1),
                Op.create("/", null, CreateMode.PERSISTENT_SEQUENTIAL))));

        assertThat(tooLarge).isInstanceOf(CoordException.BadArgumentsException.class);
        assertThat(((CoordException) tooLarge).failedOpIndex()).isEqualTo(1);
        assertThat(badTtl).isInstanceOf(CoordException.BadArgumentsException.class);
        assertThat(((CoordException) badTtl).opResults())
                .containsExactly(new OpResult.Error(CoordException.Code.BAD_ARGUMENTS));
        assertThat(sequentialRoot).isInstanceOf(CoordException.BadArgumentsException.class);
        assertThat(((CoordException) sequentialRoot).opResults()).containsExactly(
                new OpResult.Error(CoordException.Code.OK), new OpResult.Error(CoordException.Code.BAD_ARGUMENTS));
        assertUnchanged(before);
        assertThat(coord.exists("/a/b")).isNotNull();
    }

    @Test
    void shouldAllowATrailingSlashForASequentialCreate() {
        coord.create("/a/c", null, CreateMode.PERSISTENT);
        coord.delete("/a/c", -1);

        String created = coord.create("/a/", bytes("s"), CreateMode.PERSISTENT_SEQUENTIAL);

        assertThat(created).as("the suffix is /a's cversion before the create (3)").isEqualTo("/a/0000000003");
        assertThat(coord.getChildren("/a")).containsExactly("0000000003", "b");
    }

    @Test
    void shouldAllowSetDataOnTheRootButNotCreatingIt() {
        Stat stat = coord.setData("/", bytes("root data"), 0);
        assertThat(stat.version()).isEqualTo(1);

        Status before = coord.status();
        assertThatThrownBy(() -> coord.create("/", null, CreateMode.PERSISTENT))
                .isInstanceOf(CoordException.NodeExistsException.class);
        assertUnchanged(before);
    }

    // ---------------------------------------------------------------- state errors

    @Test
    void shouldRejectAChildOfAnEphemeralAndChangeNothing() {
        Status before = coord.status();

        assertThatThrownBy(() -> coord.create("/eph/child", null, CreateMode.PERSISTENT))
                .isInstanceOf(CoordException.NoChildrenForEphemeralsException.class)
                .satisfies(e -> assertThat(((CoordException) e).path()).isEqualTo("/eph/child"));
        assertThatThrownBy(() -> coord.create("/eph/seq-", null, CreateMode.EPHEMERAL_SEQUENTIAL))
                .isInstanceOf(CoordException.NoChildrenForEphemeralsException.class);
        assertUnchanged(before);
    }

    @Test
    void shouldRejectACreateWhoseParentIsMissingNamingTheRequestedPath() {
        Status before = coord.status();

        assertThatThrownBy(() -> coord.create("/missing/child", null, CreateMode.PERSISTENT))
                .isInstanceOf(CoordException.NoNodeException.class)
                .satisfies(e -> assertThat(((CoordException) e).path()).isEqualTo("/missing/child"));
        assertThatThrownBy(() -> coord.create("/missing/seq-", null, CreateMode.PERSISTENT_SEQUENTIAL))
                .isInstanceOf(CoordException.NoNodeException.class)
                .satisfies(e -> assertThat(((CoordException) e).path()).isEqualTo("/missing/seq-"));
        assertUnchanged(before);
    }

    @Test
    void shouldRejectAStaleVersionAndChangeNothing() {
        coord.setData("/a", bytes("a1"), 0);
        Status before = coord.status();

        assertThatThrownBy(() -> coord.setData("/a", bytes("a2"), 0))
                .isInstanceOf(CoordException.BadVersionException.class)
                .satisfies(e -> assertThat(((CoordException) e).path()).isEqualTo("/a"));
        assertThatThrownBy(() -> coord.delete("/a/b", 1))
                .isInstanceOf(CoordException.BadVersionException.class)
                .satisfies(e -> assertThat(((CoordException) e).path()).isEqualTo("/a/b"));
        assertThatThrownBy(() -> coord.multi(List.of(Op.check("/a", 0))))
                .isInstanceOf(CoordException.BadVersionException.class);
        assertUnchanged(before);
        assertThat(coord.getData("/a").data()).isEqualTo(bytes("a1"));
    }

    @Test
    void shouldRejectDeletingANodeWithChildrenAndChangeNothing() {
        Status before = coord.status();

        assertThatThrownBy(() -> coord.delete("/a", -1)).isInstanceOf(CoordException.NotEmptyException.class);
        assertUnchanged(before);
    }

    // ---------------------------------------------------------------- after close

    @Test
    void shouldThrowClosedExceptionForEveryCallAfterTheCoordinatorIsClosed() {
        coord.close();
        closedByTest = true;

        assertEveryCallThrowsClosed(coord);
        assertThatThrownBy(() -> coord.openSession(TIMEOUT)).isInstanceOf(CoordException.ClosedException.class);
    }

    @Test
    void shouldThrowClosedExceptionForEveryCallAfterASessionIsClosed() {
        Session session = coord.openSession(TIMEOUT);
        session.create("/a/mine", null, CreateMode.EPHEMERAL);

        session.close();

        assertEveryCallThrowsClosed(session);
        assertThatCode(session::close).as("close is idempotent").doesNotThrowAnyException();
        assertThat(coord.exists("/a/mine")).as("the session's ephemeral went with it").isNull();
        assertThat(coord.exists("/a")).as("other sessions still work").isNotNull();
    }

    @Test
    void shouldThrowClosedExceptionFromASessionWhenItsCoordinatorIsClosed() {
        Session session = coord.openSession(TIMEOUT);

        coord.close();
        closedByTest = true;

        assertEveryCallThrowsClosed(session);
    }

    private static void assertEveryCallThrowsClosed(CoordClient client) {
        List<Consumer<CoordClient>> calls = List.of(
                c -> c.create("/x", null, CreateMode.PERSISTENT),
                c -> c.create("/x", null, CreateMode.PERSISTENT_WITH_TTL, 1000),
                c -> c.delete("/a/b", -1),
                c -> c.setData("/a", bytes("x"), -1),
                c -> c.multi(List.of(Op.check("/a", -1))),
                c -> c.exists("/a"),
                c -> c.exists("/a", event -> { }),
                c -> c.getData("/a"),
                c -> c.getData("/a", event -> { }),
                c -> c.getChildren("/a"),
                c -> c.getChildren("/a", event -> { }),
                c -> c.sync("/a"));
        for (int i = 0; i < calls.size(); i++) {
            Consumer<CoordClient> call = calls.get(i);
            assertThatThrownBy(() -> call.accept(client)).as("call %d after close", i)
                    .isInstanceOf(CoordException.ClosedException.class)
                    .satisfies(e -> assertThat(((CoordException) e).code()).isEqualTo(CoordException.Code.CLOSED));
        }
    }

    // ---------------------------------------------------------------- helpers

    private void assertUnchanged(Status before) {
        Status after = coord.status();
        assertThat(after.lastZxid()).as("lastZxid").isEqualTo(before.lastZxid());
        assertThat(after.digest()).as("digest").isEqualTo(before.digest());
        assertThat(after.nodeCount()).as("nodeCount").isEqualTo(before.nodeCount());
    }

    private static void assertMessageNamesPathAndRule(CoordException e, String path, List<String> ruleWords) {
        String message = e.getMessage();
        assertThat(message).as("message").isNotBlank();
        if (path != null && !path.isEmpty()) {
            // Control characters may be shown escaped; the part before the first one must appear as is.
            String printable = path.split("[\\u0000-\\u001f\\u007f-\\u009f]", 2)[0];
            assertThat(message).as("the message names the path %s", TreeStep.quote(path)).contains(printable);
        }
        String lower = message.toLowerCase(Locale.ROOT);
        assertThat(ruleWords).as("the message %s names the rule with one of %s", message, ruleWords)
                .anySatisfy(word -> assertThat(lower).contains(word.toLowerCase(Locale.ROOT)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
