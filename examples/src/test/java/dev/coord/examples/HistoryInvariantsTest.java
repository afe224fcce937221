package dev.coord.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HistoryInvariantsTest feeds hand-made histories to {@link HistoryInvariants}. */
class HistoryInvariantsTest {
    private static final long CZXID = 0x100000001L;

    private final List<Entry> history = new ArrayList<>();
    private final Map<String, Result.Node> finalNodes = new HashMap<>();

    private void add(Command command, Result result) {
        long at = history.size() * 10L;
        history.add(new Entry(history.size(), 1, at, result instanceof Result.Unknown ? Entry.NEVER : at + 5, command, result, false));
    }

    private void create(String data) {
        add(new Command.Create("/a", data, false, false), new Result.Ok("/a"));
    }

    private void set(String data, int version, long mzxid) {
        add(new Command.SetData("/a", data, -1), new Result.Ok(new Result.Version(version, CZXID, mzxid)));
    }

    private void read(String data, int version, long mzxid) {
        add(new Command.GetData("/a"), new Result.Ok(new Result.Node(data, version, CZXID, mzxid)));
    }

    @Test
    void shouldAcceptAConsistentHistory() {
        create("one");
        set("two", 1, CZXID + 1);
        add(new Command.SetData("/a", "lost?", -1), new Result.Unknown());
        read("two", 1, CZXID + 1);
        read("lost?", 2, CZXID + 2);
        finalNodes.put("/a", new Result.Node("lost?", 2, CZXID, CZXID + 2));
        assertThat(HistoryInvariants.violations(history, finalNodes)).isEmpty();
    }

    @Test
    void shouldReportTwoAcknowledgedSetsOfTheSameVersion() {
        create("one");
        set("two", 1, CZXID + 1);
        set("three", 1, CZXID + 2);
        assertThat(HistoryInvariants.violations(history, finalNodes)).singleElement().asString()
                .startsWith("two acknowledged sets made version 1 of /a");
    }

    @Test
    void shouldReportTwoAcknowledgedWritesWithOneZxid() {
        create("one");
        set("two", 1, CZXID + 1);
        add(new Command.SetData("/b", "x", -1), new Result.Ok(new Result.Version(1, CZXID + 7, CZXID + 1)));
        assertThat(HistoryInvariants.violations(history, finalNodes)).singleElement().asString()
                .startsWith("two acknowledged writes got zxid 0x100000002");
    }

    @Test
    void shouldReportAReadThatSawOtherDataAtTheVersionOfASet() {
        create("one");
        set("two", 1, CZXID + 1);
        read("one", 1, CZXID + 1);
        assertThat(HistoryInvariants.violations(history, finalNodes)).singleElement().asString()
                .contains("at the version made by");
    }

    @Test
    void shouldReportAReadOfDataNobodyWrote() {
        create("one");
        read("phantom", 0, CZXID);
        assertThat(HistoryInvariants.violations(history, finalNodes)).singleElement().asString()
                .contains("saw data no write to /a carried");
    }

    @Test
    void shouldReportAFinalStateThatLostAnAcknowledgedSet() {
        create("one");
        set("two", 1, CZXID + 1);
        set("three", 2, CZXID + 2);
        finalNodes.put("/a", new Result.Node("two", 1, CZXID, CZXID + 1));
        assertThat(HistoryInvariants.violations(history, finalNodes)).singleElement().asString()
                .startsWith("the final state").contains("lost the acknowledged");
    }
}
