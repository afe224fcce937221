package dev.coord.examples;

import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.CreateMode;
import dev.coord.NodeData;
import dev.coord.Stat;
import dev.coord.Status;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LineProtocol answers the {@code peer} command's text commands, one answer line per command line,
 * with the default session of a {@link Coordinator}.
 *
 * <pre>
 * create [-e] [-s] PATH DATA    the created path      get PATH        the data (UTF-8)
 * set PATH DATA                 the new version       ls PATH         the children, sorted, space-separated
 * delete PATH                   ok                    sync PATH       ok
 * get -s PATH                   version=N czxid=0xHEX mzxid=0xHEX data=DATA
 * set -v VERSION PATH DATA      version=N czxid=0xHEX mzxid=0xHEX
 * delete -v VERSION PATH        ok
 * exists PATH                   version=N czxid=0xHEX mzxid=0xHEX, or none
 * status                        role=ROLE leader=ID epoch=N zxid=0xHEX
 * digest                        digest=0xHEX zxid=0xHEX
 * a Coord error                 error: CODE REASON
 * a command it cannot parse     error: REASON
 * </pre>
 *
 * <p>DATA is the rest of the line after PATH and may be empty; in the {@code get -s} answer it is
 * everything after {@code data=}. {@code set} and {@code delete} without {@code -v} act on any version;
 * with {@code -v} they act only if the node's version is VERSION ({@code -1} matches any). CODE is
 * ZooKeeper's name of the error (NONODE, NODEEXISTS, BADVERSION, NOTEMPTY, NOCHILDRENFOREPHEMERALS,
 * BADARGUMENTS: nothing changed; CONNECTIONLOSS, NOQUORUM, SESSIONEXPIRED, CLOSED, SYSTEMERROR: the peer
 * could not serve the command, and a write may or may not have taken effect); a reason never starts with an
 * upper-case word, so the two error forms are told apart by the first word after {@code error: }.
 * An answer never spans lines: a carriage return or line feed in data or in a reason is printed as
 * {@code \r} or {@code \n}. This format is a contract scripts and tests rely on.
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
        } catch (UsageException e) {
            return error(e.getMessage());
        } catch (CoordException e) {
            return error(codeName(e.code()) + " " + (e.getMessage() != null ? e.getMessage() : e.toString()));
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
            case "get" -> get(words);
            case "set" -> set(words);
            case "ls" -> String.join(" ", coord.getChildren(lastPath(words, "ls PATH")).stream().sorted().toList());
            case "delete" -> delete(words);
            case "exists" -> {
                Stat stat = coord.exists(lastPath(words, "exists PATH"));
                yield stat == null ? "none" : statLine(stat);
            }
            case "sync" -> {
                coord.sync(lastPath(words, "sync PATH"));
                yield "ok";
            }
            case "status" -> status(words);
            case "digest" -> digest(words);
            default -> throw new UsageException("unknown command '" + command
                    + "'; commands: create, get, set, ls, delete, exists, sync, status, digest");
        };
    }

    private String get(LineWords words) {
        String usage = "get [-s] PATH";
        boolean withStat = words.skipIf("-s");
        NodeData node = coord.getData(lastPath(words, usage));
        return withStat ? statLine(node.stat()) + " data=" + text(node.data()) : text(node.data());
    }

    private String set(LineWords words) {
        String usage = "set [-v VERSION] PATH DATA";
        OptionalInt version = versionFlag(words, usage);
        Stat stat = coord.setData(path(words, usage), utf8(words.rest()), version.orElse(ANY_VERSION));
        return version.isPresent() ? statLine(stat) : Integer.toString(stat.version());
    }

    private String delete(LineWords words) {
        String usage = "delete [-v VERSION] PATH";
        int version = versionFlag(words, usage).orElse(ANY_VERSION);
        coord.delete(lastPath(words, usage), version);
        return "ok";
    }

    /** Reads {@code -v VERSION} if it comes next; leaves the cursor where it was otherwise. */
    private static OptionalInt versionFlag(LineWords words, String usage) {
        if (!words.skipIf("-v")) {
            return OptionalInt.empty();
        }
        String value = words.next();
        try {
            return OptionalInt.of(Integer.parseInt(value == null ? "" : value));
        } catch (NumberFormatException e) {
            throw new UsageException("-v needs a version number, got '" + value + "'; usage: " + usage);
        }
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

    /** A node's version and zxids: {@code version=N czxid=0xHEX mzxid=0xHEX}. */
    private static String statLine(Stat stat) {
        return "version=" + stat.version() + " czxid=0x" + Long.toHexString(stat.czxid())
                + " mzxid=0x" + Long.toHexString(stat.mzxid());
    }

    /** ZooKeeper's name of an error code: NO_NODE is NONODE. */
    private static String codeName(CoordException.Code code) {
        return code.name().replace("_", "");
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
