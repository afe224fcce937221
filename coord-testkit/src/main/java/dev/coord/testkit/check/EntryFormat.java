package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.List;
import java.util.stream.Collectors;

/**
 * EntryFormat renders an entry on one line for reports: id, session, interval, command, result, e.g.
 * {@code #7  session 0x2  [1200 .. 1350]  getData /a (synced) -> ok "x" version 1 (czxid 3, mzxid 9)}.
 */
final class EntryFormat {
    private EntryFormat() {
    }

    static String line(Entry e) {
        String end = e.completeNs() == Entry.NEVER ? "never" : Long.toString(e.completeNs());
        String read = e.command().isWrite() || e.command() instanceof Command.CloseSession ? "" : e.synced() ? " (synced)" : " (plain)";
        return String.format("#%-4d session 0x%x  [%d .. %s]  %s%s -> %s",
                e.id(), e.session(), e.invokeNs(), end, command(e.command()), read, result(e.result()));
    }

    static String command(Command c) {
        if (c instanceof Command.Create x) {
            return "create " + x.path() + " " + quoted(x.data()) + (x.ephemeral() ? " ephemeral" : "") + (x.sequential() ? " sequential" : "");
        }
        if (c instanceof Command.Delete x) {
            return "delete " + x.path() + version(x.version());
        }
        if (c instanceof Command.SetData x) {
            return "setData " + x.path() + " " + quoted(x.data()) + version(x.version());
        }
        if (c instanceof Command.Check x) {
            return "check " + x.path() + version(x.version());
        }
        if (c instanceof Command.Multi x) {
            return x.ops().stream().map(EntryFormat::command).collect(Collectors.joining("; ", "multi [", "]"));
        }
        if (c instanceof Command.GetData x) {
            return "getData " + x.path();
        }
        if (c instanceof Command.Exists x) {
            return "exists " + x.path();
        }
        if (c instanceof Command.GetChildren x) {
            return "getChildren " + x.path();
        }
        return "closeSession";
    }

    static String result(Result r) {
        if (r instanceof Result.Failed f) {
            return "failed " + f.code();
        }
        if (r instanceof Result.Unknown) {
            return "unknown";
        }
        return "ok" + value(((Result.Ok) r).value());
    }

    private static String value(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Result.Version x) {
            return " version " + x.version() + zxids(x.czxid(), x.mzxid());
        }
        if (v instanceof Result.Node x) {
            return (x.data() == null ? "" : " " + quoted(x.data())) + " version " + x.version() + zxids(x.czxid(), x.mzxid());
        }
        if (v instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(o -> o == null || o instanceof Result)) {
            return list.stream().map(o -> o == null ? "ok" : result((Result) o)).collect(Collectors.joining("; ", " [", "]"));
        }
        return " " + v;
    }

    private static String zxids(long czxid, long mzxid) {
        return " (czxid " + czxid + ", mzxid " + mzxid + ")";
    }

    private static String version(int v) {
        return v == -1 ? " any version" : " version " + v;
    }

    private static String quoted(String s) {
        return s == null ? "null" : '"' + s + '"';
    }
}
