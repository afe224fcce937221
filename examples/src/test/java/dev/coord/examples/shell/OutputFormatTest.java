package dev.coord.examples.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.CoordException;
import dev.coord.EventType;
import dev.coord.Role;
import dev.coord.SessionState;
import dev.coord.Stat;
import dev.coord.Status;
import dev.coord.WatchedEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputFormatTest {
    @Test
    void shouldPrintChildrenInBrackets() {
        assertThat(OutputFormat.children(List.of("a", "b"))).isEqualTo("[a, b]");
        assertThat(OutputFormat.children(List.of())).isEqualTo("[]");
    }

    @Test
    void shouldPrintEveryStatFieldOnALineOfItsOwn() {
        Stat stat = new Stat(0x100000003L, 0x100000007L, 0x100000005L, 0L, 1_000L, 2, 3, 0, 0x10000000aL, 11, 1);
        assertThat(OutputFormat.stat(stat)).containsExactly(
                "czxid = 0x100000003",
                "ctime = 1970-01-01T00:00:00Z",
                "mzxid = 0x100000007",
                "mtime = 1970-01-01T00:00:01Z",
                "pzxid = 0x100000005",
                "cversion = 3",
                "version = 2",
                "aversion = 0",
                "ephemeralOwner = 0x10000000a",
                "dataLength = 11",
                "numChildren = 1");
    }

    @Test
    void shouldPrintWatchEventsAndSessionStatesAsWatcherLines() {
        assertThat(OutputFormat.event(new WatchedEvent(EventType.NODE_DELETED, "/a", 0x1fL)))
                .isEqualTo("WATCHER:: type=NODE_DELETED path=/a zxid=0x1f");
        assertThat(OutputFormat.sessionState(SessionState.SUSPENDED)).isEqualTo("WATCHER:: session state=SUSPENDED");
    }

    @Test
    void shouldPrintTheCodeAndTheMessageOfARefusal() {
        assertThat(OutputFormat.error(new CoordException.NoNodeException("/a", "/a does not exist")))
                .isEqualTo("error: NONODE: /a does not exist");
        assertThat(OutputFormat.error(new UsageException("missing argument; usage: ls path")))
                .isEqualTo("error: missing argument; usage: ls path");
    }

    @Test
    void shouldPrintTheStatusSummaryAndOneAlignedLinePerMember() {
        Status status = new Status(4, Role.OBSERVING, 2, 3, 0x300000001L, 5, 9, 0xabcL, List.of(
                new Status.Member(1, "127.0.0.1:7001", true, "CONNECTED"),
                new Status.Member(2, "127.0.0.1:7002", true, "LEADING"),
                new Status.Member(4, "127.0.0.1:17004", false, "OBSERVING")));
        assertThat(OutputFormat.status(status)).containsExactly(
                "peer 4 OBSERVING, leader 2, epoch 3, zxid 0x300000001",
                "sessions 5, nodes 9, digest 0xabc",
                "  id   address          kind     state",
                "  1    127.0.0.1:7001   voter    CONNECTED",
                "  2    127.0.0.1:7002   voter    LEADING",
                "  4    127.0.0.1:17004  observer OBSERVING");
    }

    @Test
    void shouldSayWhenNoLeaderIsKnown() {
        Status status = new Status(4, Role.LOOKING, -1, 1, 0, 0, 1, 0, List.of());
        assertThat(OutputFormat.status(status).get(0)).isEqualTo("peer 4 LOOKING, leader none, epoch 1, zxid 0x0");
    }
}
