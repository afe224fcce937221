package dev.coord.examples;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Result;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HistoryLines carries a history's {@link Command} over the {@link LineProtocol}: it writes the command
 * line for a command, and turns the answer line into the {@link Result} the history records: the value
 * of an answer, {@link Result.Failed} for a definite error code, and {@link Result.Unknown} for the
 * codes after which a write may or may not have taken effect.
 *
 * <p>It knows Create (persistent, not sequential), SetData, Delete, GetData and Exists, as
 * {@code create}, {@code set -v}, {@code delete -v}, {@code get -s} and {@code exists}. An answer that
 * does not fit the command, or an error without a known code, is a broken contract and throws
 * {@link IllegalStateException}. Data must not hold line breaks.
 */
final class HistoryLines {
    /** The codes of a refused command: nothing changed. */
    static final Set<String> DEFINITE_CODES = Set.of("NONODE", "NODEEXISTS", "BADVERSION", "NOTEMPTY", "NOCHILDRENFOREPHEMERALS");
    /** The codes of a command the peer could not serve: a write may or may not have taken effect. */
    static final Set<String> UNKNOWN_OUTCOME_CODES = Set.of("CONNECTIONLOSS", "NOQUORUM", "SESSIONEXPIRED", "CLOSED", "SYSTEMERROR");

    private static final String ERROR = "error: ";
    private static final Pattern STAT = Pattern.compile("version=(\\d+) czxid=0x([0-9a-f]+) mzxid=0x([0-9a-f]+)");
    private static final Pattern STAT_AND_DATA = Pattern.compile(STAT.pattern() + " data=(.*)");

    private HistoryLines() {
    }

    /** The command line that asks {@code command}. */
    static String line(Command command) {
        if (command instanceof Command.Create c && !c.ephemeral() && !c.sequential()) {
            return "create " + c.path() + " " + c.data();
        }
        if (command instanceof Command.SetData s) {
            return "set -v " + s.version() + " " + s.path() + " " + s.data();
        }
        if (command instanceof Command.Delete d) {
            return "delete -v " + d.version() + " " + d.path();
        }
        if (command instanceof Command.GetData g) {
            return "get -s " + g.path();
        }
        if (command instanceof Command.Exists e) {
            return "exists " + e.path();
        }
        throw new IllegalArgumentException("no command line for " + command);
    }

    /** The result {@code answer} gives {@code command}. */
    static Result result(Command command, String answer) {
        String code = errorCode(answer);
        if (code != null) {
            if (DEFINITE_CODES.contains(code)) {
                return new Result.Failed(code);
            }
            if (UNKNOWN_OUTCOME_CODES.contains(code)) {
                return new Result.Unknown();
            }
            throw unexpected(command, answer);
        }
        if (command instanceof Command.Create create) {
            return ok(answer.equals(create.path()), command, answer, answer);
        }
        if (command instanceof Command.SetData) {
            Matcher m = STAT.matcher(answer);
            return ok(m.matches(), command, answer, m.matches() ? version(m) : null);
        }
        if (command instanceof Command.Delete) {
            return ok(answer.equals("ok"), command, answer, null);
        }
        if (command instanceof Command.GetData) {
            Matcher m = STAT_AND_DATA.matcher(answer);
            return ok(m.matches(), command, answer, m.matches() ? node(m, m.group(4)) : null);
        }
        if (command instanceof Command.Exists) {
            Matcher m = STAT.matcher(answer);
            return ok(m.matches() || answer.equals("none"), command, answer, m.matches() ? node(m, null) : null);
        }
        throw unexpected(command, answer);
    }

    /** The code of an error answer, or null if {@code answer} is not an error or has no code. */
    static String errorCode(String answer) {
        if (!answer.startsWith(ERROR)) {
            return null;
        }
        int end = answer.indexOf(' ', ERROR.length());
        String word = answer.substring(ERROR.length(), end < 0 ? answer.length() : end);
        return word.matches("[A-Z]+") ? word : null;
    }

    private static Result ok(boolean wellFormed, Command command, String answer, Object value) {
        if (!wellFormed) {
            throw unexpected(command, answer);
        }
        return new Result.Ok(value);
    }

    private static Result.Version version(Matcher m) {
        return new Result.Version(Integer.parseInt(m.group(1)), Long.parseUnsignedLong(m.group(2), 16),
                Long.parseUnsignedLong(m.group(3), 16));
    }

    private static Result.Node node(Matcher m, String data) {
        return new Result.Node(data, Integer.parseInt(m.group(1)), Long.parseUnsignedLong(m.group(2), 16),
                Long.parseUnsignedLong(m.group(3), 16));
    }

    private static IllegalStateException unexpected(Command command, String answer) {
        return new IllegalStateException("unexpected answer to " + command + ": '" + answer + "'");
    }
}
