package dev.coord.examples.shell;

import dev.coord.Coordinator;
import dev.coord.SessionListener;
import dev.coord.Status;
import dev.coord.examples.cluster.ObserverSlot;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.concurrent.CompletionException;
import java.util.List;

/**
 * ShellCommand is the {@code shell} command: a command-line shell, in the manner of ZooKeeper's zkCli,
 * that joins a running ensemble as an observer (see {@link ObserverJoin}) and reads and writes its
 * tree through the public Coord API. With {@code --cluster DIR} it holds the cluster's first free
 * observer slot ({@link ObserverSlot}) from start to exit.
 *
 * <p>Input comes from, in this order of precedence: {@code -c "cmd; cmd"}, {@code -f FILE}, the
 * terminal (interactive, with a prompt), or stdin when it is not a terminal. Answers go to stdout,
 * errors ({@code error: ...}) to stderr, watch events ({@code WATCHER:: ...}) to stdout whenever they
 * arrive. The peer's own log is kept to errors unless {@code --verbose}.
 *
 * <p>Exit status: 0 when the input ends or {@code quit} runs; 1 if a command failed in
 * non-interactive mode; 2 for a wrong command line or an unreadable script; 3 if the observer could
 * not start or join a leader within the timeout, or, with {@code --cluster}, DIR holds no cluster or
 * every observer slot is taken. Leaving closes the session, so its ephemerals go at once;
 * SIGINT and SIGTERM do the same.
 */
public final class ShellCommand {
    /** Exit status when a command failed in non-interactive mode. */
    static final int EXIT_COMMAND_FAILED = 1;
    /** Exit status for a wrong command line or an unreadable script. */
    static final int EXIT_USAGE = 2;
    /** Exit status when the observer could not start or join. */
    static final int EXIT_NOT_JOINED = 3;

    private ShellCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, new PrintStream(System.out, false, StandardCharsets.UTF_8),
                new PrintStream(System.err, false, StandardCharsets.UTF_8), System.console()));
    }

    /**
     * Runs the shell and returns its exit status.
     *
     * @param console the terminal, or null when stdin or stdout is not one (then stdin is read as a script)
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Console console) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.print(ShellOptions.usage());
            out.flush();
            return 0;
        }
        ShellOptions options;
        List<String> script = null;
        try {
            options = ShellOptions.parse(args);
            if (options.script().isPresent()) {
                script = Files.readAllLines(options.script().get(), StandardCharsets.UTF_8);
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println("shell: " + e.getMessage());
            err.print(ShellOptions.usage());
            err.flush();
            return EXIT_USAGE;
        }
        keepPeerLogQuiet(options.verbose());
        ObserverSlot slot;
        try {
            slot = options.cluster().isPresent() ? ObserverSlot.claimFirstFree(options.cluster().get()) : null;
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            err.println("shell: " + e.getMessage());   // no cluster.properties there, or every slot taken
            err.flush();
            return EXIT_NOT_JOINED;
        }
        try {
            return joinAndServe(options, slot == null ? options.listed().get() : Ensemble.of(slot), script, in, out, err,
                    console);
        } finally {
            free(slot, err);                            // held until the session is closed and the observer stopped
        }
    }

    /** Joins {@code ensemble} as its observer, runs the commands, leaves, and returns the exit status. */
    private static int joinAndServe(ShellOptions options, Ensemble ensemble, List<String> script, InputStream in,
                                    PrintStream out, PrintStream err, Console console) {
        Coordinator coord;
        try {
            coord = ObserverJoin.join(options, ensemble);
        } catch (ObserverJoin.JoinException e) {
            err.println("shell: " + e.getMessage());
            err.flush();
            return EXIT_NOT_JOINED;
        }
        Thread onSignal = new Thread(coord::close, "shell-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            ShellOutput output = new ShellOutput(out, err);
            SessionListener listener = state -> output.event(OutputFormat.sessionState(state));
            coord.addSessionListener(listener);
            Interpreter interpreter = new Interpreter(CommandTable.standard(),
                    ShellContext.printingEvents(coord, coord::status, output));
            boolean interactive = options.commands().isEmpty() && script == null && console != null;
            if (options.commands().isPresent()) {
                interpreter.runLine(options.commands().get());
            } else if (script != null) {
                runLines(interpreter, script.iterator());
            } else if (interactive) {
                runInteractively(interpreter, output, console, coord, ensemble.id());
            } else {
                runLines(interpreter, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                        .iterator());
            }
            coord.removeSessionListener(listener);
            return !interactive && interpreter.anyFailed() ? EXIT_COMMAND_FAILED : 0;
        } catch (UncheckedIOException e) {
            err.println("shell: could not read the input: " + e.getCause().getMessage());
            return EXIT_USAGE;
        } finally {
            removeHook(onSignal);
            leave(coord, err);
        }
    }

    /** Gives the observer slot back, if the shell claimed one; a failure to is reported, not thrown. */
    private static void free(ObserverSlot slot, PrintStream err) {
        if (slot == null) {
            return;
        }
        try {
            slot.close();
        } catch (IOException e) {
            err.println("shell: could not free observer slot " + slot.id() + " (" + e.getMessage()
                    + "); it is freed when this process ends");
            err.flush();
        }
    }

    private static void runLines(Interpreter interpreter, Iterator<String> lines) {
        while (lines.hasNext()) {
            if (interpreter.runLine(lines.next()) == Interpreter.Outcome.QUIT) {
                return;
            }
        }
    }

    /**
     * Reads lines from the terminal until end of input or quit. Line editing is the terminal's own
     * (erase, word erase, kill line); there is no recall with the arrow keys, but {@code history} and
     * {@code redo N} re-run earlier lines.
     */
    private static void runInteractively(Interpreter interpreter, ShellOutput output, Console console, Coordinator coord,
                                         int id) {
        Status status = coord.status();
        output.line("Joined the ensemble as observer " + id + " (leader " + status.leaderId() + ", epoch "
                + status.epoch() + "). Type help for the commands, quit to leave.");
        while (true) {
            output.prompt("[coord:" + id + " " + coord.state() + " " + interpreter.nextLineNumber() + "] ");
            String line = console.readLine();
            output.inputArrived();
            if (line == null || interpreter.runLine(line) == Interpreter.Outcome.QUIT) {
                return;
            }
        }
    }

    /**
     * Closes the shell's session, waiting until the close is committed so its ephemerals are gone
     * everywhere, then stops the observer peer.
     */
    private static void leave(Coordinator coord, PrintStream err) {
        try {
            coord.defaultSession().closeAsync().join();
        } catch (CompletionException e) {
            err.println("shell: the session did not close cleanly (" + e.getCause().getMessage()
                    + "); its ephemerals go when it expires");
            err.flush();
        } finally {
            coord.close();
        }
    }

    /** Keeps the observer peer's log to errors (or INFO with --verbose) unless the user configured it. */
    private static void keepPeerLogQuiet(boolean verbose) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "error");
        }
        if (System.getProperty("chronicle.announcer.disable") == null) {
            System.setProperty("chronicle.announcer.disable", "true");
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook closes the peer
        }
    }
}
