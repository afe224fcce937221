package dev.coord.examples.shell;

import dev.coord.CoordException;
import dev.coord.SessionState;
import dev.coord.Stat;
import dev.coord.Status;
import dev.coord.WatchedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * OutputFormat renders what the shell prints: children, stats, the peer's status, watch events and
 * errors. Every method returns text without a line terminator and never prints. Stateless.
 *
 * <pre>
 * [a, b, c]                                         children (ls)
 * czxid = 0x100000003 ... numChildren = 0            a stat, one "name = value" per line
 * WATCHER:: type=NODE_DATA_CHANGED path=/a zxid=0x100000007
 * WATCHER:: session state=SUSPENDED
 * error: NONODE: /a does not exist                   a refusal from Coord
 * error: unknown flag -x; usage: ls [-s] [-R] [-w] path
 * </pre>
 */
final class OutputFormat {
    private OutputFormat() {
    }

    /** Children in brackets, comma-separated, in the order given (Coord returns them sorted). */
    static String children(List<String> names) {
        return "[" + String.join(", ", names) + "]";
    }

    /** A node's stat, one {@code name = value} line per field; zxids and the owner in hex, times in UTC. */
    static List<String> stat(Stat s) {
        return List.of(
                "czxid = " + hex(s.czxid()),
                "ctime = " + time(s.ctime()),
                "mzxid = " + hex(s.mzxid()),
                "mtime = " + time(s.mtime()),
                "pzxid = " + hex(s.pzxid()),
                "cversion = " + s.cversion(),
                "version = " + s.version(),
                "aversion = " + s.aversion(),
                "ephemeralOwner = " + hex(s.ephemeralOwner()),
                "dataLength = " + s.dataLength(),
                "numChildren = " + s.numChildren());
    }

    /**
     * The peer's view of its ensemble: a summary line, then one line per configured member with its
     * address, whether it votes, and its state as this peer sees it.
     */
    static List<String> status(Status s) {
        List<String> lines = new ArrayList<>();
        lines.add("peer " + s.peerId() + " " + s.role() + ", leader " + (s.leaderId() < 0 ? "none" : s.leaderId())
                + ", epoch " + s.epoch() + ", zxid " + hex(s.lastZxid()));
        lines.add("sessions " + s.sessionCount() + ", nodes " + s.nodeCount() + ", digest " + hex(s.digest()));
        int width = "address".length();
        for (Status.Member m : s.members()) {
            width = Math.max(width, m.address().length());
        }
        lines.add(String.format("  %-4s %-" + width + "s  %-8s %s", "id", "address", "kind", "state"));
        for (Status.Member m : s.members()) {
            String state = m.id() == s.leaderId() && !m.state().startsWith("LEADING") ? m.state() + " (leader)" : m.state();
            lines.add(String.format("  %-4d %-" + width + "s  %-8s %s", m.id(), m.address(),
                    m.voting() ? "voter" : "observer", state));
        }
        return lines;
    }

    /** A watch event: {@code WATCHER:: type=NODE_DATA_CHANGED path=/a zxid=0x100000007}. */
    static String event(WatchedEvent e) {
        return "WATCHER:: type=" + e.type() + " path=" + e.path() + " zxid=" + hex(e.zxid());
    }

    /** A change of the shell session's state: {@code WATCHER:: session state=SUSPENDED}. */
    static String sessionState(SessionState state) {
        return "WATCHER:: session state=" + state;
    }

    /** A refusal from Coord: {@code error: NONODE: <the exception's message>}. */
    static String error(CoordException e) {
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        return "error: " + e.code().name().replace("_", "") + ": " + message;
    }

    /** Input the shell did not understand: {@code error: <problem>; usage: <usage line>}. */
    static String error(UsageException e) {
        return "error: " + e.getMessage();
    }

    /** {@code 0x} and lower-case hex. */
    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    private static String time(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }
}
