package dev.coord.examples;

import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.CreateMode;
import dev.coord.Status;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LineProtocol answers the {@code peer} command's text commands, one answer line per command line,
 * with the default session of a {@link Coordinator}.
 *
 * <pre>
 * create [-e] [-s] PATH DATA   the created path      get PATH        the data (UTF-8)
 * set PATH DATA                the new version       ls PATH         the children, sorted, space-separated
 * delete PATH                  ok                    sync PATH       ok
 * status                       role=ROLE leader=ID epoch=N zxid=0xHEX
 * digest                       digest=0xHEX zxid=0xHEX
 * anything that fails          error: REASON
 * </pre>
 *
 * <p>DATA is the rest of the line after PATH and may be empty. Versions are not checked (set and delete
 * act on any version). An answer never spans lines: a carriage return or line feed in data or in a
 * reason is printed as {@code \r} or {@code \n}. This format is a contract scripts and tests rely on.
 *
 * <p>Not thread-safe: one thread reads the commands and writes the answers.
 */
final class LineProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(LineProtocol.class);
    private static final int ANY_VERSION = -1;

    private final Coordinator coord;

    LineProtocol(Coordinator coord) {
        this.coord = coord;
    }

    /** The one-line answer to one command line (without its line terminator). */
    String answer(String line) {
        try {
            return oneLine(execute(new LineWords(line)));
        } catch (UsageException | CoordException e) {
            return error(e.getMessage() != null ? e.getMessage() : e.toString());
        } catch (RuntimeException e) {
            LOG.warn("command '{}' failed unexpectedly", line, e);
            return error(e.toString());
        }
    }

    private String execute(LineWords words) {
        String command = words.next();
        if (command == null) {
            throw new UsageException("empty command");
        }
        return switch (command) {
            case "create" -> create(words);
            case "get" -> text(coord.getData(lastPath(words, "get PATH")).data());
            case "set" -> Integer.toString(coord.setData(path(words, "set PATH DATA"), utf8(words.rest()), ANY_VERSION).version());
            case "ls" -> String.join(" ", coord.getChildren(lastPath(words, "ls PATH")).stream().sorted().toList());
            case "delete" -> {
                coord.delete(lastPath(words, "delete PATH"), ANY_VERSION);
                yield "ok";
            }
            case "sync" -> {
                coord.sync(lastPath(words, "sync PATH"));
                yield "ok";
            }
            case "status" -> status(words);
            case "digest" -> digest(words);
            default -> throw new UsageException("unknown command '" + command
                    + "'; commands: create, get, set, ls, delete, sync, status, digest");
        };
    }

    private String create(LineWords words) {
        String usage = "create [-e] [-s] PATH DATA";
        boolean ephemeral = false;
        boolean sequential = false;
        String word = words.next();
        while (word != null && word.startsWith("-")) {
            switch (word) {
                case "-e" -> ephemeral = true;
                case "-s" -> sequential = true;
                default -> throw new UsageException("unknown flag " + word + "; usage: " + usage);
            }
            word = words.next();
        }
        if (word == null) {
            throw new UsageException("usage: " + usage);
        }
        CreateMode mode = ephemeral
                ? (sequential ? CreateMode.EPHEMERAL_SEQUENTIAL : CreateMode.EPHEMERAL)
                : (sequential ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.PERSISTENT);
        return coord.create(word, utf8(words.rest()), mode);
    }

    private String status(LineWords words) {
        noMoreWords(words, "status");
        Status s = coord.status();
        return "role=" + s.role() + " leader=" + s.leaderId() + " epoch=" + s.epoch() + " zxid=0x" + Long.toHexString(s.lastZxid());
    }

    private String digest(LineWords words) {
        noMoreWords(words, "digest");
        Status s = coord.status();
        return "digest=0x" + Long.toHexString(s.digest()) + " zxid=0x" + Long.toHexString(s.lastZxid());
    }

    /** The next word as a path, followed by data. */
    private static String path(LineWords words, String usage) {
        String path = words.next();
        if (path == null) {
            throw new UsageException("usage: " + usage);
        }
        return path;
    }

    /** The next word as a path, which must be the last word. */
    private static String lastPath(LineWords words, String usage) {
        String path = path(words, usage);
        noMoreWords(words, usage);
        return path;
    }

    private static void noMoreWords(LineWords words, String usage) {
        if (!words.atEnd()) {
            throw new UsageException("too many arguments; usage: " + usage);
        }
    }

    private static String error(String reason) {
        return oneLine("error: " + reason);
    }

    private static String oneLine(String answer) {
        return answer.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** UsageException is a command line the protocol does not understand. */
    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
