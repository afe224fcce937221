package dev.coord.examples.shell;

import dev.coord.CoordException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Interpreter runs shell input: it splits a line into statements, runs each command, prints its
 * answer or its error, and keeps the history of the lines it ran.
 *
 * <p>A command that fails prints one {@code error:} line to stderr and the next statement still runs;
 * {@code quit} or {@code exit} stops the line there. Not thread-safe: one thread feeds it.
 */
final class Interpreter {
    /** Outcome is what running some input came to. */
    enum Outcome {
        /** Every command succeeded. */
        OK,
        /** At least one command failed (and its error was printed). */
        FAILED,
        /** {@code quit} or {@code exit} was reached: the shell should end. */
        QUIT
    }

    private static final int HISTORY_KEPT = 100;

    private final CommandTable table;
    private final ShellContext context;
    private final List<String> history = new ArrayList<>();
    private int linesRun;
    private boolean anyFailed;

    Interpreter(CommandTable table, ShellContext context) {
        this.table = table;
        this.context = context;
    }

    /**
     * Runs one line of input: its statements in order, until one quits. Returns QUIT if one did, else
     * FAILED if any failed, else OK (also for an empty line).
     */
    Outcome runLine(String line) {
        List<List<String>> statements;
        try {
            statements = Tokenizer.statements(line);
        } catch (UsageException e) {
            return failed(OutputFormat.error(e));
        }
        if (statements.isEmpty()) {
            return Outcome.OK;
        }
        if (!statements.get(0).get(0).equals("redo")) {
            remember(line);
        }
        Outcome outcome = Outcome.OK;
        for (List<String> words : statements) {
            Outcome one = run(words);
            if (one == Outcome.QUIT) {
                return Outcome.QUIT;
            }
            if (one == Outcome.FAILED) {
                outcome = Outcome.FAILED;
            }
        }
        return outcome;
    }

    /** True if any command run so far failed. */
    boolean anyFailed() {
        return anyFailed;
    }

    /** The number the next input line gets in the history (shown in the interactive prompt). */
    int nextLineNumber() {
        return linesRun;
    }

    private Outcome run(List<String> words) {
        String name = words.get(0);
        Optional<Command> command = table.find(name);
        if (command.isEmpty()) {
            return failed("error: unknown command '" + name + "'; type help for the list of commands");
        }
        try {
            Arguments args = command.get().spec().parse(words.subList(1, words.size()));
            if (CommandTable.SHELL_COMMANDS.contains(name)) {
                return runShellCommand(name, args);
            }
            command.get().action().run(args, context);
            return Outcome.OK;
        } catch (UsageException e) {
            return failed(OutputFormat.error(e));
        } catch (CoordException e) {
            return failed(OutputFormat.error(e));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return failed("error: " + e.getMessage());
        }
    }

    private Outcome runShellCommand(String name, Arguments args) {
        switch (name) {
            case "quit", "exit" -> {
                return Outcome.QUIT;
            }
            case "help" -> {
                help(args);
                return Outcome.OK;
            }
            case "history" -> {
                int first = linesRun - history.size();
                for (int i = 0; i < history.size(); i++) {
                    context.out().line((first + i) + " - " + history.get(i));
                }
                return Outcome.OK;
            }
            case "redo" -> {
                return redo(args);
            }
            default -> throw new IllegalStateException("no shell command " + name);
        }
    }

    private void help(Arguments args) {
        Optional<String> about = args.operand(0);
        if (about.isEmpty()) {
            context.out().line("commands (paths are absolute; quote data with spaces: create /a \"hello world\"):");
            table.help().forEach(context.out()::line);
            return;
        }
        Command command = table.find(about.get()).orElseThrow(
                () -> new UsageException("no command '" + about.get() + "'; type help for the list of commands"));
        context.out().line("usage: " + command.spec().usage());
        context.out().line("  " + command.spec().summary());
    }

    private Outcome redo(Arguments args) {
        int first = linesRun - history.size();
        int number;
        try {
            number = Integer.parseInt(args.path());
        } catch (NumberFormatException e) {
            throw args.usageError("'" + args.path() + "' is not a history number");
        }
        if (number < first || number >= linesRun) {
            throw args.usageError("no line " + number + " in the history (it holds " + first + " to " + (linesRun - 1) + ")");
        }
        return runLine(history.get(number - first));
    }

    private void remember(String line) {
        history.add(line.strip());
        linesRun++;
        if (history.size() > HISTORY_KEPT) {
            history.remove(0);
        }
    }

    private Outcome failed(String errorLine) {
        context.out().error(errorLine);
        anyFailed = true;
        return Outcome.FAILED;
    }
}
