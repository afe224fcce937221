package dev.coord.testkit.check;


import static dev.coord.testkit.check.Histories.checkVersion;
import static dev.coord.testkit.check.Histories.children;
import static dev.coord.testkit.check.Histories.closeSession;
import static dev.coord.testkit.check.Histories.create;
import static dev.coord.testkit.check.Histories.createEphemeral;
import static dev.coord.testkit.check.Histories.createEphemeralSequential;
import static dev.coord.testkit.check.Histories.createSequential;
import static dev.coord.testkit.check.Histories.delete;
import static dev.coord.testkit.check.Histories.exists;
import static dev.coord.testkit.check.Histories.failed;
import static dev.coord.testkit.check.Histories.getChildren;
import static dev.coord.testkit.check.Histories.getData;
import static dev.coord.testkit.check.Histories.multi;
import static dev.coord.testkit.check.Histories.node;
import static dev.coord.testkit.check.Histories.ok;
import static dev.coord.testkit.check.Histories.results;
import static dev.coord.testkit.check.Histories.setData;
import static dev.coord.testkit.check.Histories.stat;
import static dev.coord.testkit.check.Histories.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.testkit.history.Entry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
    static final long S1 = 1;
    static final long S2 = 2;
    static final long S3 = 3;

    static Report check(List<Entry> history) {
        return check(history, InitialTree.empty());
    }

    static Report check(List<Entry> history, InitialTree initial) {
        return LinearizabilityChecker.check(history, initial, Duration.ofSeconds(10));
    }

    static Window window(Report report) {
        assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(report.violation()).isPresent();
        return report.violation().orElseThrow();
    }

    static void assertLinearizable(HistoryBuilder h) {
        Report report = check(h.build());
        assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.LINEARIZABLE);
    }

    /** /a created at zxid 1 with "x", in [0, 10]. */
    static HistoryBuilder withA() {
        return new HistoryBuilder().op(S1, 0, 10, create("/a", "x"), ok("/a"));
    }

    @Test
    void shouldAcceptASequentialHistory() {
        HistoryBuilder h = withA()
                .op(S1, 20, 30, getData("/a"), node("x", 0, 1, 1))
                .op(S2, 40, 50, setData("/a", "y", 0), version(1, 1, 2))
                .op(S1, 60, 70, exists("/a"), stat(1, 1, 2))
                .op(S2, 80, 90, delete("/a", 1), ok())
                .op(S1, 100, 110, getData("/a"), failed("NONODE"))
                .op(S1, 120, 130, exists("/a"), ok());
        Report report = check(h.build());
        assertThat(report.verdict()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(report.entriesChecked()).isEqualTo(7);
        assertThat(report.partitions()).isEqualTo(1);
    }

    @Test
    void shouldAcceptConcurrentWritesInEitherOrder() {
        assertLinearizable(withA()
                .op(S1, 20, 60, setData("/a", "p"), version(1, 1, 2))
                .op(S2, 30, 50, setData("/a", "q"), version(2, 1, 3))
                .op(S3, 70, 80, getData("/a"), node("q", 2, 1, 3)));
        assertLinearizable(withA()
                .op(S1, 20, 60, setData("/a", "p"), version(2, 1, 3))
                .op(S2, 30, 50, setData("/a", "q"), version(1, 1, 2))
                .op(S3, 70, 80, getData("/a"), node("p", 2, 1, 3)));
    }

    @Test
    void shouldAcceptAReadConcurrentWithAWriteSeeingEitherValue() {
        assertLinearizable(withA()
                .op(S1, 20, 60, setData("/a", "y"), version(1, 1, 2))
                .op(S2, 30, 40, getData("/a"), node("x", 0, 1, 1))
                .op(S3, 30, 40, getData("/a"), node("y", 1, 1, 2)));
    }

    @Test
    void shouldRejectAStaleReadAfterACompletedWrite() {
        HistoryBuilder h = withA()
                .op(S1, 20, 30, setData("/a", "y"), version(1, 1, 2))
                .op(S2, 40, 50, getData("/a"), node("x", 0, 1, 1));
        Window w = window(check(h.build()));
        assertThat(w.unexplained()).containsExactly(h.entry(3));
        assertThat(w.given()).containsExactly(h.entry(1), h.entry(2));
        assertThat(w.paths()).containsExactly("/a");
    }

    @Test
    void shouldRejectTwoReadsThatOrderConcurrentWritesBothWays() {
        HistoryBuilder h = withA()
                .op(S1, 20, 100, setData("/a", "p"), ok(new dev.coord.testkit.history.Result.Version(1, 1, 2)))
                .op(S2, 20, 100, setData("/a", "q"), ok(new dev.coord.testkit.history.Result.Version(1, 1, 3)));
        // Both setData claim version 1 from version 0: only one of them can.
        window(check(h.build()));
    }

    @Test
    void shouldRejectALostAcknowledgedCreate() {
        HistoryBuilder h = withA()
                .op(S2, 20, 30, getData("/a"), failed("NONODE"));
        Window w = window(check(h.build()));
        assertThat(w.entries()).containsExactly(h.entry(1), h.entry(2));
    }

    @Test
    void shouldRejectALostAcknowledgedSetData() {
        HistoryBuilder h = withA()
                .op(S1, 20, 30, setData("/a", "y"), version(1, 1, 2))
                .op(S2, 40, 50, setData("/a", "z", 0), failed("BADVERSION"))
                .op(S3, 60, 70, setData("/a", "w", 0), version(1, 1, 3));
        Window w = window(check(h.build()));
        assertThat(w.entries()).contains(h.entry(2), h.entry(4));
    }

    @Test
    void shouldAcceptAnUnknownWriteThatLaterBecomesVisible() {
        assertLinearizable(withA()
                .unknown(S1, 20, setData("/a", "y"))
                .op(S2, 40, 50, getData("/a"), node("x", 0, 1, 1))
                .op(S2, 60, 70, getData("/a"), node("y", 1, 1, 2)));
    }

    @Test
    void shouldAcceptAnUnknownWriteThatNeverTakesEffect() {
        assertLinearizable(withA()
                .unknown(S1, 20, setData("/a", "y"))
                .op(S2, 40, 50, getData("/a"), node("x", 0, 1, 1))
                .op(S2, 1_000, 1_010, getData("/a"), node("x", 0, 1, 1)));
    }

    @Test
    void shouldRejectAnUnknownWriteSeenBeforeItWasInvoked() {
        HistoryBuilder h = withA()
                .op(S2, 20, 30, getData("/a"), node("y", 1, 1, 2))
                .unknown(S1, 40, setData("/a", "y"));
        window(check(h.build()));
    }

    @Test
    void shouldRejectAnUnknownWriteThatIsSeenAndThenUndone() {
        HistoryBuilder h = withA()
                .unknown(S1, 20, setData("/a", "y"))
                .op(S2, 40, 50, getData("/a"), node("y", 1, 1, 2))
                .op(S3, 60, 70, getData("/a"), node("x", 0, 1, 1));
        Window w = window(check(h.build()));
        assertThat(w.entries()).contains(h.entry(3), h.entry(4));
    }

    @Test
    void shouldRejectAReadOfAValueNobodyWrote() {
        HistoryBuilder h = withA()
                .op(S1, 20, 30, setData("/a", "y"), version(1, 1, 2))
                .op(S2, 40, 50, getData("/a"), node("zzz", 1, 1, 2));
        Window w = window(check(h.build()));
        assertThat(w.entries()).contains(h.entry(3));
    }

    @Test
    void shouldRejectASkippedVersion() {
        HistoryBuilder h = withA()
                .op(S1, 20, 30, setData("/a", "y"), version(2, 1, 2));
        window(check(h.build()));
        HistoryBuilder read = withA()
                .op(S1, 20, 30, setData("/a", "y"), version(1, 1, 2))
                .op(S2, 40, 50, getData("/a"), node("y", 2, 1, 2));
        window(check(read.build()));
    }

    @Test
    void shouldNumberSequentialNodesByTheParentsCversion() {
        assertLinearizable(new HistoryBuilder()
                .op(S1, 0, 10, create("/q", ""), ok("/q"))
                .op(S1, 20, 30, createSequential("/q/n-", "a"), ok("/q/n-0000000000"))
                .op(S2, 40, 50, createSequential("/q/n-", "b"), ok("/q/n-0000000001"))
                .op(S2, 60, 70, delete("/q/n-0000000000"), ok())
                .op(S1, 80, 90, createSequential("/q/n-", "c"), ok("/q/n-0000000003"))
                .op(S1, 100, 110, getChildren("/q"), children("n-0000000001", "n-0000000003")));
    }

    @Test
    void shouldAcceptConcurrentSequentialCreatesInEitherOrder() {
        assertLinearizable(new HistoryBuilder()
                .op(S1, 0, 10, create("/q", ""), ok("/q"))
                .op(S1, 20, 50, createSequential("/q/n-", "a"), ok("/q/n-0000000001"))
                .op(S2, 20, 50, createSequential("/q/n-", "b"), ok("/q/n-0000000000")));
    }

    @Test
    void shouldRejectSequentialNumbersOutOfOrder() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, create("/q", ""), ok("/q"))
                .op(S1, 20, 30, createSequential("/q/n-", "a"), ok("/q/n-0000000001"))
                .op(S2, 40, 50, createSequential("/q/n-", "b"), ok("/q/n-0000000000"));
        Window w = window(check(h.build()));
        assertThat(w.unexplained()).containsExactly(h.entry(2));
        assertThat(w.given()).containsExactly(h.entry(1));
        HistoryBuilder concurrentFirst = new HistoryBuilder()
                .op(S1, 0, 10, create("/q", ""), ok("/q"))
                .op(S1, 20, 45, createSequential("/q/n-", "a"), ok("/q/n-0000000001"))
                .op(S2, 40, 50, createSequential("/q/n-", "b"), ok("/q/n-0000000000"))
                .op(S2, 60, 70, createSequential("/q/n-", "c"), ok("/q/n-0000000001"));
        Window duplicate = window(check(concurrentFirst.build()));
        assertThat(duplicate.unexplained()).containsExactly(concurrentFirst.entry(4));
        assertThat(duplicate.given()).contains(concurrentFirst.entry(2), concurrentFirst.entry(3));
    }

    @Test
    void shouldRejectDuplicateSequentialNumbers() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, create("/q", ""), ok("/q"))
                .op(S1, 20, 50, createSequential("/q/n-", "a"), ok("/q/n-0000000000"))
                .op(S2, 20, 50, createSequential("/q/n-", "b"), ok("/q/n-0000000000"));
        window(check(h.build()));
    }

    @Test
    void shouldStartSequentialNumbersAtTheInitialCversion() {
        InitialTree initial = InitialTree.empty().with("/q", "", 0, 7);
        Report report = check(new HistoryBuilder()
                .op(S1, 0, 10, createSequential("/q/n-", "a"), ok("/q/n-0000000007")).build(), initial);
        assertThat(report.verdict()).isEqualTo(Verdict.LINEARIZABLE);
        Report wrong = check(new HistoryBuilder()
                .op(S1, 0, 10, createSequential("/q/n-", "a"), ok("/q/n-0000000000")).build(), initial);
        assertThat(wrong.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void shouldRejectAMultiSeenHalfApplied() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, multi(create("/a", "1"), create("/b", "1")), results(ok("/a"), ok("/b")))
                .op(S2, 20, 30, getData("/a"), node("1", 0, 1, 1))
                .op(S2, 40, 50, getData("/b"), failed("NONODE"));
        Window w = window(check(h.build()));
        assertThat(w.entries()).contains(h.entry(3));
        assertThat(w.paths()).containsExactly("/a", "/b");
    }

    @Test
    void shouldRejectAMultiWhoseCreatesHaveDifferentZxids() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, multi(create("/a", "1"), create("/b", "1"), setData("/a", "2")),
                        results(ok("/a"), ok("/b"), version(1, 5, 5)))
                .op(S2, 20, 30, getData("/b"), node("1", 0, 6, 6));
        window(check(h.build()));
        HistoryBuilder same = new HistoryBuilder()
                .op(S1, 0, 10, multi(create("/a", "1"), create("/b", "1"), setData("/a", "2")),
                        results(ok("/a"), ok("/b"), version(1, 5, 5)))
                .op(S2, 20, 30, getData("/b"), node("1", 0, 5, 5));
        assertLinearizable(same);
    }

    @Test
    void shouldReportTheCodeOfTheFirstFailingOpOfAMulti() {
        InitialTree initial = InitialTree.empty().with("/a", "x", 3, 0);
        Report right = check(new HistoryBuilder()
                .op(S1, 0, 10, multi(checkVersion("/a", 5), delete("/missing")), failed("BADVERSION")).build(), initial);
        assertThat(right.verdict()).isEqualTo(Verdict.LINEARIZABLE);
        Report wrong = check(new HistoryBuilder()
                .op(S1, 0, 10, multi(checkVersion("/a", 5), delete("/missing")), failed("NONODE")).build(), initial);
        assertThat(wrong.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void shouldRejectAFailedMultiThatLeftAnEffect() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, create("/b", "b"), ok("/b"))
                .op(S1, 20, 30, multi(create("/a", "1"), create("/b", "1")), failed("NODEEXISTS"))
                .op(S2, 40, 50, exists("/a"), stat(0, 9, 9));
        window(check(h.build()));
        assertLinearizable(new HistoryBuilder()
                .op(S1, 0, 10, create("/b", "b"), ok("/b"))
                .op(S1, 20, 30, multi(create("/a", "1"), create("/b", "1")), failed("NODEEXISTS"))
                .op(S2, 40, 50, exists("/a"), ok()));
    }

    @Test
    void shouldRejectEphemeralsStillVisibleAfterTheirSessionClosed() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, createEphemeral("/e", "x"), ok("/e"))
                .op(S1, 20, 30, closeSession(), ok())
                .op(S2, 40, 50, exists("/e"), stat(0, 1, 1));
        Window w = window(check(h.build()));
        assertThat(w.entries()).contains(h.entry(2), h.entry(3));
        assertLinearizable(new HistoryBuilder()
                .op(S1, 0, 10, createEphemeral("/e", "x"), ok("/e"))
                .op(S2, 5, 45, exists("/e"), stat(0, 1, 1))
                .op(S1, 20, 30, closeSession(), ok())
                .op(S2, 40, 50, exists("/e"), ok()));
    }

    @Test
    void shouldRejectAnEphemeralCreatedAfterItsSessionClosed() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, createEphemeral("/e", "x"), ok("/e"))
                .op(S1, 20, 30, closeSession(), ok())
                .op(S1, 40, 50, createEphemeral("/f", "x"), ok("/f"));
        window(check(h.build()));
    }

    @Test
    void shouldDeleteTheInitialEphemeralsOfAClosingSession() {
        InitialTree initial = InitialTree.empty().withEphemeral("/e", "x", 0, S1);
        Report report = check(new HistoryBuilder()
                .op(S2, 0, 10, exists("/e"), stat(0, 4, 4))
                .op(S1, 20, 30, closeSession(), ok())
                .op(S2, 40, 50, exists("/e"), ok()).build(), initial);
        assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.LINEARIZABLE);
        Report stillThere = check(new HistoryBuilder()
                .op(S1, 20, 30, closeSession(), ok())
                .op(S2, 40, 50, exists("/e"), stat(0, 4, 4)).build(), initial);
        assertThat(stillThere.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void shouldAcceptNotEmptyAndNodeExistsWhereTheTreeSaysSo() {
        assertLinearizable(new HistoryBuilder()
                .op(S1, 0, 10, create("/p", ""), ok("/p"))
                .op(S1, 20, 30, create("/p/c", ""), ok("/p/c"))
                .op(S2, 40, 50, delete("/p"), failed("NOTEMPTY"))
                .op(S2, 60, 70, create("/p", ""), failed("NODEEXISTS"))
                .op(S2, 80, 90, create("/x/y", ""), failed("NONODE"))
                .op(S1, 100, 110, delete("/p/c"), ok())
                .op(S1, 120, 130, delete("/p"), ok()));
    }

    @Test
    void shouldRejectADeleteOfANodeWithChildren() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, create("/p", ""), ok("/p"))
                .op(S1, 20, 30, create("/p/c", ""), ok("/p/c"))
                .op(S2, 40, 50, delete("/p"), ok());
        window(check(h.build()));
    }

    @Test
    void shouldRejectNotEmptyForAChildlessNode() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, create("/p", ""), ok("/p"))
                .op(S2, 40, 50, delete("/p"), failed("NOTEMPTY"));
        window(check(h.build()));
    }

    @Test
    void shouldRejectNodeExistsForANodeThatNeverExisted() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, create("/a", ""), failed("NODEEXISTS"));
        window(check(h.build()));
    }

    @Test
    void shouldRefuseChildrenOfEphemerals() {
        assertLinearizable(new HistoryBuilder()
                .op(S1, 0, 10, createEphemeral("/e", ""), ok("/e"))
                .op(S1, 20, 30, create("/e/c", ""), failed("NOCHILDRENFOREPHEMERALS")));
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, createEphemeral("/e", ""), ok("/e"))
                .op(S1, 20, 30, create("/e/c", ""), ok("/e/c"));
        window(check(h.build()));
    }

    @Test
    void shouldRejectAReadOfAnEarlierIncarnation() {
        HistoryBuilder h = withA()
                .op(S2, 20, 30, getData("/a"), node("x", 0, 1, 1))
                .op(S1, 40, 50, delete("/a"), ok())
                .op(S1, 60, 70, create("/a", "x"), ok("/a"))
                .op(S2, 80, 90, getData("/a"), node("x", 0, 1, 1));
        Window w = window(check(h.build()));
        assertThat(w.entries()).contains(h.entry(5));
        assertLinearizable(withA()
                .op(S2, 20, 30, getData("/a"), node("x", 0, 1, 1))
                .op(S1, 40, 50, delete("/a"), ok())
                .op(S1, 60, 70, create("/a", "x"), ok("/a"))
                .op(S2, 80, 90, getData("/a"), node("x", 0, 3, 3)));
    }

    @Test
    void shouldRejectZxidsThatGoBackwards() {
        HistoryBuilder h = withA()
                .op(S1, 20, 30, setData("/a", "y"), version(1, 1, 5))
                .op(S1, 40, 50, setData("/a", "z"), version(2, 1, 4));
        window(check(h.build()));
        HistoryBuilder mzxid = withA()
                .op(S2, 20, 30, getData("/a"), node("x", 0, 1, 2));
        window(check(mzxid.build()));
    }

    @Test
    void shouldLeavePlainReadsToTheSessionOrderChecker() {
        HistoryBuilder h = withA()
                .op(S1, 20, 30, setData("/a", "y"), version(1, 1, 2))
                .plain(S2, 40, 50, getData("/a"), node("x", 0, 1, 1));
        assertThat(check(h.build()).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void shouldReportOnlyTheBrokenPartition() {
        HistoryBuilder h = new HistoryBuilder()
                .op(S1, 0, 10, create("/good", "x"), ok("/good"))
                .op(S2, 0, 10, create("/bad", "x"), ok("/bad"))
                .op(S1, 20, 30, setData("/good", "y"), version(1, 1, 3))
                .op(S2, 20, 30, setData("/bad", "y"), version(1, 2, 4))
                .op(S1, 40, 50, getData("/good"), node("y", 1, 1, 3))
                .op(S2, 40, 50, getData("/bad"), node("x", 0, 2, 2));
        Report report = check(h.build());
        Window w = window(report);
        assertThat(report.partitions()).isEqualTo(2);
        assertThat(w.paths()).containsExactly("/bad");
        assertThat(w.unexplained()).containsExactly(h.entry(6));
        assertThat(w.given()).containsExactly(h.entry(2), h.entry(4));
        assertThat(report.toString()).contains("/bad").doesNotContain("/good");
    }

    @Test
    void shouldAnswerUnknownWithinTheBudgetForAPathologicalHistory() {
        HistoryBuilder h = withA();
        for (int i = 0; i < 40; i++) {
            h.unknown(10 + i, 20 + i, setData("/a", "v" + i));
        }
        h.op(S1, 100, 110, getData("/a"), node("nobody", 40, 1, 100));
        Duration budget = Duration.ofMillis(300);
        long start = System.nanoTime();
        Report report = LinearizabilityChecker.check(h.build(), InitialTree.empty(), budget);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.UNKNOWN);
        assertThat(took).isLessThan(budget.plusMillis(700));
        assertThat(report.toString()).contains("budget exhausted");
    }

    @Test
    void shouldPrintTheWindowOneEntryPerLine() {
        HistoryBuilder h = withA()
                .op(S1, 20, 30, setData("/a", "y"), version(1, 1, 2))
                .op(S2, 40, 50, getData("/a"), node("x", 0, 1, 1));
        String text = check(h.build()).toString();
        assertThat(text).startsWith("NOT_LINEARIZABLE: 1 partition, 3 entries checked");
        assertThat(text).contains("#2    session 0x1  [20 .. 30]  setData /a \"y\" any version -> ok version 1 (czxid 1, mzxid 2)");
        assertThat(text).contains("#3    session 0x2  [40 .. 50]  getData /a (synced) -> ok \"x\" version 0 (czxid 1, mzxid 1)");
    }

    @Test
    void shouldLetAnUnknownCloseSessionHappenOrNot() {
        assertLinearizable(new HistoryBuilder()
                .op(S1, 0, 10, createEphemeral("/e", "x"), ok("/e"))
                .unknown(S1, 20, closeSession())
                .op(S2, 40, 50, exists("/e"), stat(0, 1, 1))
                .op(S2, 60, 70, exists("/e"), ok()));
        assertLinearizable(new HistoryBuilder()
                .op(S1, 0, 10, createEphemeral("/e", "x"), ok("/e"))
                .unknown(S1, 20, closeSession())
                .op(S2, 40, 50, exists("/e"), stat(0, 1, 1)));
        window(check(new HistoryBuilder()
                .op(S1, 0, 10, createEphemeral("/e", "x"), ok("/e"))
                .unknown(S1, 20, closeSession())
                .op(S2, 40, 50, exists("/e"), ok())
                .op(S2, 60, 70, exists("/e"), stat(0, 1, 1)).build()));
    }

    @Test
    void shouldNameSequentialNodesInsideAMultiFromTheIntermediateState() {
        assertLinearizable(new HistoryBuilder()
                .op(S1, 0, 10, create("/q", ""), ok("/q"))
                .op(S1, 20, 30, multi(createSequential("/q/n-", "a"), createSequential("/q/n-", "b"), delete("/q/n-0000000000")),
                        results(ok("/q/n-0000000000"), ok("/q/n-0000000001"), ok()))
                .op(S2, 40, 50, getChildren("/q"), children("n-0000000001"))
                .op(S2, 60, 70, createSequential("/q/n-", "c"), ok("/q/n-0000000003")));
        window(check(new HistoryBuilder()
                .op(S1, 0, 10, create("/q", ""), ok("/q"))
                .op(S1, 20, 30, multi(createSequential("/q/n-", "a"), createSequential("/q/n-", "b")),
                        results(ok("/q/n-0000000000"), ok("/q/n-0000000000"))).build()));
    }

    @Test
    void shouldDeleteEphemeralSequentialNodesWhenTheirSessionCloses() {
        assertLinearizable(new HistoryBuilder()
                .op(S1, 0, 10, create("/q", ""), ok("/q"))
                .op(S1, 20, 30, Histories.createEphemeralSequential("/q/lock-", ""), ok("/q/lock-0000000000"))
                .op(S2, 20, 30, Histories.createEphemeralSequential("/q/lock-", ""), ok("/q/lock-0000000001"))
                .op(S1, 40, 50, closeSession(), ok())
                .op(S2, 60, 70, getChildren("/q"), children("lock-0000000001"))
                .op(S2, 80, 90, Histories.createEphemeralSequential("/q/lock-", ""), ok("/q/lock-0000000003")));
        window(check(new HistoryBuilder()
                .op(S1, 0, 10, create("/q", ""), ok("/q"))
                .op(S1, 20, 30, Histories.createEphemeralSequential("/q/lock-", ""), ok("/q/lock-0000000000"))
                .op(S1, 40, 50, closeSession(), ok())
                .op(S2, 60, 70, getChildren("/q"), children("lock-0000000000")).build()));
    }

    /** The node of a sequential create of unknown outcome is anonymous to the model (no entry names it); it still counts. */
    @Test
    void shouldCountAnUnknownSequentialCreateAndItsSessionsEndInTheCversion() {
        InitialTree queue = InitialTree.empty().with("/q", "", 0, 0);
        for (String name : List.of("/q/lock-0000000000", "/q/lock-0000000002")) {
            Report report = check(new HistoryBuilder()
                    .unknown(S1, 0, createEphemeralSequential("/q/lock-", ""))
                    .op(S1, 10, 20, closeSession(), ok())
                    .op(S2, 30, 40, createEphemeralSequential("/q/lock-", ""), ok(name)).build(), queue);
            assertThat(report.verdict()).as(name + ": " + report).isEqualTo(Verdict.LINEARIZABLE);
        }
        window(check(new HistoryBuilder()
                .unknown(S1, 0, createEphemeralSequential("/q/lock-", ""))
                .op(S1, 10, 20, closeSession(), ok())
                .op(S2, 30, 40, createEphemeralSequential("/q/lock-", ""), ok("/q/lock-0000000001")).build(), queue));
        window(check(new HistoryBuilder()
                .unknown(S1, 0, createEphemeralSequential("/q/lock-", ""))
                .op(S2, 30, 40, createEphemeralSequential("/q/lock-", ""), ok("/q/lock-0000000001"))
                .op(S1, 50, 60, closeSession(), ok())
                .op(S2, 70, 80, createEphemeralSequential("/q/lock-", ""), ok("/q/lock-0000000002")).build(), queue));
    }

    @Test
    void shouldSeeAnAnonymousChildInTheParentsDelete() {
        InitialTree tree = InitialTree.empty().with("/q", "", 0, 0);
        Report notEmpty = check(new HistoryBuilder()
                .unknown(S1, 0, createSequential("/q/n-", "a"))
                .op(S2, 10, 20, delete("/q"), failed("NOTEMPTY")).build(), tree);
        assertThat(notEmpty.verdict()).as(notEmpty.toString()).isEqualTo(Verdict.LINEARIZABLE);
        window(check(new HistoryBuilder()
                .unknown(S1, 0, createSequential("/q/n-", "a"))
                .op(S2, 10, 20, delete("/q"), failed("NOTEMPTY"))
                .op(S2, 30, 40, delete("/q"), ok()).build(), tree));
    }

    @Test
    void shouldIgnoreSyncedReadsWhoseResultNeverCame() {
        assertLinearizable(withA().unknown(S2, 20, getData("/a")));
    }

    @Test
    void shouldAcceptFailuresItDoesNotModelAsChangingNothing() {
        assertLinearizable(withA()
                .op(S1, 20, 30, setData("/a", "y"), failed("SESSIONEXPIRED"))
                .op(S2, 40, 50, getData("/a"), node("x", 0, 1, 1)));
        window(check(withA()
                .op(S1, 20, 30, setData("/a", "y"), failed("SESSIONEXPIRED"))
                .op(S2, 40, 50, getData("/a"), node("y", 1, 1, 2)).build()));
    }
}
