package dev.coord.examples.shell;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CommandTable is every command the shell knows, by name, in the order {@code help} lists them. The
 * shell's own commands ({@code help}, {@code history}, {@code redo}, {@code quit}, {@code exit}) are
 * listed here for their syntax; the {@link Interpreter} runs them. Immutable.
 */
final class CommandTable {
    /** The names of the commands the interpreter runs itself. */
    static final Set<String> SHELL_COMMANDS = Set.of("help", "history", "redo", "quit", "exit");

    private final Map<String, Command> byName = new LinkedHashMap<>();

    private CommandTable(List<Command> commands) {
        for (Command c : commands) {
            byName.put(c.spec().name(), c);
        }
    }

    /** The standard table. */
    static CommandTable standard() {
        List<Command> commands = new ArrayList<>();
        commands.add(command("ls", "ls [-s] [-R] [-w] path",
                "list the children of path (-s: and its stat; -R: every path below it; -w: watch its children)",
                Set.of("-s", "-R", "-w"), Set.of(), 1, 1, NodeReads::ls));
        commands.add(command("create", "create [-e] [-s] [-c] [-t ttl] path [data]",
                "create a node (-e ephemeral, -s sequential, -c container, -t TTL in ms); data defaults to empty",
                Set.of("-e", "-s", "-c"), Set.of("-t"), 1, 2, NodeWrites::create));
        commands.add(command("get", "get [-s] [-w] path",
                "print the data of path (-s: and its stat; -w: watch it for a change or deletion)",
                Set.of("-s", "-w"), Set.of(), 1, 1, NodeReads::get));
        commands.add(command("set", "set [-s] path data [-v version]",
                "set the data of path, if its version is version (-v); -s prints the new stat",
                Set.of("-s"), Set.of("-v"), 2, 2, NodeWrites::set));
        commands.add(command("stat", "stat [-w] path",
                "print the stat of path (-w: watch it for creation, a change or deletion)",
                Set.of("-w"), Set.of(), 1, 1, NodeReads::stat));
        commands.add(command("delete", "delete [-v version] path",
                "delete a node without children, if its version is version (-v)",
                Set.of(), Set.of("-v"), 1, 1, NodeWrites::delete));
        commands.add(command("deleteall", "deleteall path",
                "delete path and everything below it", Set.of(), Set.of(), 1, 1, NodeWrites::deleteAll));
        commands.add(command("sync", "sync path",
                "wait until this observer has applied every write committed before", Set.of(), Set.of(), 1, 1,
                NodeReads::sync));
        commands.add(command("status", "status",
                "this observer's view of the ensemble: members, roles, leader, epoch, zxid", Set.of(), Set.of(), 0, 0,
                NodeReads::status));
        commands.add(command("help", "help [command]", "list the commands, or describe one", Set.of(), Set.of(), 0, 1,
                null));
        commands.add(command("history", "history", "list the last commands typed, numbered", Set.of(), Set.of(), 0, 0,
                null));
        commands.add(command("redo", "redo N", "run command N of the history again", Set.of(), Set.of(), 1, 1, null));
        commands.add(command("quit", "quit", "close the session (its ephemerals go) and leave", Set.of(), Set.of(), 0, 0,
                null));
        commands.add(command("exit", "exit", "the same as quit", Set.of(), Set.of(), 0, 0, null));
        return new CommandTable(commands);
    }

    /** The command called {@code name}, if there is one. */
    Optional<Command> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every command, in help order. */
    Collection<Command> all() {
        return byName.values();
    }

    /** The help text: every usage line with its summary. */
    List<String> help() {
        int width = 0;
        for (Command c : all()) {
            width = Math.max(width, c.spec().usage().length());
        }
        List<String> lines = new ArrayList<>();
        for (Command c : all()) {
            lines.add(String.format("  %-" + width + "s  %s", c.spec().usage(), c.spec().summary()));
        }
        return lines;
    }

    private static Command command(String name, String usage, String summary, Set<String> switches, Set<String> valued,
                                   int minOperands, int maxOperands, Command.Action action) {
        return new Command(new CommandSpec(name, usage, summary, switches, valued, minOperands, maxOperands), action);
    }
}
