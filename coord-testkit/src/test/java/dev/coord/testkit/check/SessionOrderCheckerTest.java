package dev.coord.testkit.check;

import static dev.coord.testkit.check.Histories.create;
import static dev.coord.testkit.check.Histories.createEphemeral;
import static dev.coord.testkit.check.Histories.delete;
import static dev.coord.testkit.check.Histories.exists;
import static dev.coord.testkit.check.Histories.failed;
import static dev.coord.testkit.check.Histories.getChildren;
import static dev.coord.testkit.check.Histories.children;
import static dev.coord.testkit.check.Histories.getData;
import static dev.coord.testkit.check.Histories.multi;
import static dev.coord.testkit.check.Histories.results;
import static dev.coord.testkit.check.Histories.node;
import static dev.coord.testkit.check.Histories.ok;
import static dev.coord.testkit.check.Histories.setData;
import static dev.coord.testkit.check.Histories.stat;
import static dev.coord.testkit.check.Histories.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.testkit.check.Violation.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionOrderCheckerTest {
    static final long S1 = 1;
    static final long S2 = 2;

    static List<Violation> check(HistoryBuilder h) {
        return SessionOrderChecker.check(h.build());
    }

    static Violation only(HistoryBuilder h, Rule rule) {
        List<Violation> violations = check(h);
        assertThat(violations).as(violations.toString()).hasSize(1);
        assertThat(violations.get(0).rule()).isEqualTo(rule);
        return violations.get(0);
    }

    @Test
    void shouldAcceptReadsThatMoveForward() {
        assertThat(check(new HistoryBuilder()
                .op(S1, 0, 10, create("/a", "x"), ok("/a"))
                .plain(S2, 20, 30, getData("/a"), node("x", 0, 1, 1))
                .op(S1, 25, 35, setData("/a", "y"), version(1, 1, 2))
                .plain(S2, 40, 50, getData("/a"), node("x", 0, 1, 1))
                .plain(S2, 60, 70, getData("/a"), node("y", 1, 1, 2))
                .plain(S2, 80, 90, exists("/a"), stat(1, 1, 2)))).isEmpty();
    }

    @Test
    void shouldAcceptTwoVersionsOfOneNodeAtOneZxidWithinAMulti() {
        // Found by the simulator: a multi that sets one node twice reports two versions at one mzxid;
        // only the last is ever visible.
        assertThat(check(new HistoryBuilder()
                .op(S1, 0, 10, create("/a", "x"), ok("/a"))
                .op(S1, 20, 30, multi(setData("/a", "y"), setData("/a", "z")), results(version(1, 1, 5), version(2, 1, 5)))
                .plain(S2, 40, 50, getData("/a"), node("z", 2, 1, 5)))).isEmpty();
    }

    @Test
    void shouldRejectAReadThatGoesBackOnOnePath() {
        HistoryBuilder h = new HistoryBuilder()
                .plain(S2, 20, 30, getData("/a"), node("y", 1, 1, 2))
                .plain(S2, 40, 50, getData("/a"), node("x", 0, 1, 1));
        Violation v = only(h, Rule.OLDER_THAN_SEEN);
        assertThat(v.entry()).isEqualTo(h.entry(2));
        assertThat(v.evidence()).containsExactly(h.entry(1));
        assertThat(v.session()).isEqualTo(S2);
        assertThat(v.toString()).contains("OLDER_THAN_SEEN in session 0x2").contains("#1").contains("#2");
    }

    @Test
    void shouldRejectAReadOfAnOlderIncarnation() {
        HistoryBuilder h = new HistoryBuilder()
                .plain(S2, 20, 30, getData("/a"), node("y", 0, 5, 5))
                .plain(S2, 40, 50, getData("/a"), node("x", 1, 1, 3));
        only(h, Rule.OLDER_THAN_SEEN);
    }

    @Test
    void shouldNotOrderOverlappingEntriesOfOneSession() {
        assertThat(check(new HistoryBuilder()
                .plain(S2, 20, 50, getData("/a"), node("y", 1, 1, 2))
                .plain(S2, 40, 60, getData("/a"), node("x", 0, 1, 1)))).isEmpty();
    }

    @Test
    void shouldRejectAReadThatMissesTheSessionsOwnSetData() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, setData("/a", "y"), version(1, 1, 2))
                .plain(S1, 20, 30, getData("/a"), node("x", 0, 1, 1));
        Violation v = only(h, Rule.OLDER_THAN_SEEN);
        assertThat(v.evidence()).containsExactly(h.entry(1));
    }

    @Test
    void shouldRejectAReadOlderThanAWriteBelowTheSessionsObservedZxid() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, setData("/a", "y"), version(1, 1, 3))
                .plain(S2, 20, 30, getData("/b"), node("b", 0, 5, 5))
                .plain(S2, 40, 50, getData("/a"), node("x", 0, 1, 1));
        Violation v = only(h, Rule.OLDER_THAN_SEEN);
        assertThat(v.entry()).isEqualTo(h.entry(3));
        assertThat(v.evidence()).containsExactly(h.entry(1), h.entry(2));
    }

    @Test
    void shouldAcceptAnOldReadOfAWriteAboveTheSessionsObservedZxid() {
        assertThat(check(new HistoryBuilder()
                .op(S1, 0, 10, setData("/a", "y"), version(1, 1, 7))
                .plain(S2, 20, 30, getData("/b"), node("b", 0, 5, 5))
                .plain(S2, 40, 50, getData("/a"), node("x", 0, 1, 1)))).isEmpty();
    }

    @Test
    void shouldRejectAnIncarnationSeenAgainAfterTheSessionFoundItGone() {
        HistoryBuilder h = new HistoryBuilder()
                .plain(S2, 0, 10, getData("/a"), node("x", 0, 1, 1))
                .plain(S2, 20, 30, getData("/a"), failed("NONODE"))
                .plain(S2, 40, 50, exists("/a"), stat(0, 1, 1));
        Violation v = only(h, Rule.DELETED_INCARNATION_SEEN);
        assertThat(v.evidence()).containsExactly(h.entry(2));
    }

    @Test
    void shouldAcceptANewIncarnationAfterTheSessionFoundThePathGone() {
        assertThat(check(new HistoryBuilder()
                .plain(S2, 0, 10, getData("/a"), node("x", 0, 1, 1))
                .plain(S2, 20, 30, exists("/a"), ok())
                .plain(S2, 40, 50, getData("/a"), node("x", 0, 4, 4)))).isEmpty();
    }

    @Test
    void shouldRejectAnIncarnationSeenAfterTheSessionDeletedIt() {
        HistoryBuilder h = new HistoryBuilder()
                .plain(S1, 0, 10, getData("/a"), node("x", 0, 1, 1))
                .op(S1, 20, 30, delete("/a"), ok())
                .plain(S1, 40, 50, getData("/a"), node("x", 0, 1, 1));
        only(h, Rule.DELETED_INCARNATION_SEEN);
    }

    @Test
    void shouldRejectAnEarlierIncarnationAfterTheSessionCreatedThePath() {
        HistoryBuilder h = new HistoryBuilder()
                .plain(S1, 0, 10, getData("/b"), node("b", 0, 2, 2))
                .op(S1, 20, 30, create("/a", "new"), ok("/a"))
                .plain(S1, 40, 50, getData("/a"), node("old", 0, 1, 1));
        only(h, Rule.DELETED_INCARNATION_SEEN);
        assertThat(check(new HistoryBuilder()
                .plain(S1, 0, 10, getData("/b"), node("b", 0, 2, 2))
                .op(S1, 20, 30, create("/a", "new"), ok("/a"))
                .plain(S1, 40, 50, getData("/a"), node("new", 0, 3, 3)))).isEmpty();
    }

    @Test
    void shouldRejectAnOwnPersistentCreateThatVanishes() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, create("/a", "x"), ok("/a"))
                .plain(S1, 20, 30, getData("/a"), failed("NONODE"));
        Violation v = only(h, Rule.NODE_VANISHED);
        assertThat(v.evidence()).containsExactly(h.entry(1));
        HistoryBuilder children = new HistoryBuilder()
                .op(S1, 0, 10, create("/a", "x"), ok("/a"))
                .plain(S1, 20, 30, getChildren("/"), children());
        only(children, Rule.NODE_VANISHED);
    }

    @Test
    void shouldAcceptAnOwnCreateThatSomeoneMayHaveDeleted() {
        assertThat(check(new HistoryBuilder()
                .op(S1, 0, 10, create("/a", "x"), ok("/a"))
                .unknown(S2, 5, delete("/a"))
                .plain(S1, 20, 30, getData("/a"), failed("NONODE")))).isEmpty();
        assertThat(check(new HistoryBuilder()
                .op(S1, 0, 10, createEphemeral("/a", "x"), ok("/a"))
                .plain(S1, 20, 30, getData("/a"), failed("NONODE")))).isEmpty();
    }

    @Test
    void shouldRejectTwoReadsThatDisagreeOnOneVersion() {
        HistoryBuilder h = new HistoryBuilder()
                .plain(S1, 0, 10, getData("/a"), node("x", 1, 1, 2))
                .plain(S2, 0, 10, getData("/a"), node("y", 1, 1, 2));
        Violation v = only(h, Rule.STATS_DISAGREE);
        assertThat(v.evidence()).containsExactly(h.entry(1));
        HistoryBuilder written = new HistoryBuilder()
                .op(S1, 0, 10, setData("/a", "x"), version(1, 1, 2))
                .plain(S2, 20, 30, getData("/a"), node("y", 1, 1, 2));
        only(written, Rule.STATS_DISAGREE);
    }

    @Test
    void shouldRejectMalformedStats() {
        only(new HistoryBuilder().plain(S1, 0, 10, getData("/a"), node("x", 0, 1, 2)), Rule.STATS_DISAGREE);
        only(new HistoryBuilder().plain(S1, 0, 10, getData("/a"), node("x", 3, 4, 2)), Rule.STATS_DISAGREE);
    }

    @Test
    void shouldRejectVersionsThatShrinkAsMzxidGrows() {
        only(new HistoryBuilder()
                .plain(S1, 0, 10, getData("/a"), node("x", 2, 1, 3))
                .plain(S2, 0, 10, getData("/a"), node("y", 1, 1, 4)), Rule.STATS_DISAGREE);
    }

    @Test
    void shouldIgnoreEntriesWithUnknownResults() {
        assertThat(check(new HistoryBuilder()
                .unknown(S1, 0, setData("/a", "y"))
                .plain(S1, 20, 30, getData("/a"), node("x", 0, 1, 1)))).isEmpty();
    }
}
