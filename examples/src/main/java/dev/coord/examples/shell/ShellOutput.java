package dev.coord.examples.shell;

import java.io.PrintStream;

/**
 * ShellOutput is where the shell writes: answers to stdout, errors to stderr, and watch events to
 * stdout whenever they arrive.
 *
 * <p>Thread-safe: commands write from the shell's thread while watch events come from the session's
 * dispatcher thread; each line is written whole and flushed. In interactive mode an event that
 * arrives while the prompt waits for input is printed on a line of its own and the prompt is shown
 * again.
 */
final class ShellOutput {
    private final PrintStream out;
    private final PrintStream err;
    // Guarded by this: the prompt shown while the shell waits for input, or null when it is not waiting.
    private String waitingPrompt;

    ShellOutput(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Writes one answer line to stdout. */
    synchronized void line(String text) {
        out.print(text);
        out.print('\n');
        out.flush();
    }

    /** Writes one error line to stderr. */
    synchronized void error(String text) {
        out.flush();
        err.print(text);
        err.print('\n');
        err.flush();
    }

    /** Writes an asynchronous event line to stdout, keeping the prompt intact. */
    synchronized void event(String text) {
        if (waitingPrompt != null) {
            out.print('\n');
        }
        line(text);
        if (waitingPrompt != null) {
            out.print(waitingPrompt);
            out.flush();
        }
    }

    /** Shows {@code prompt} and notes that the shell now waits for input. */
    synchronized void prompt(String prompt) {
        out.print(prompt);
        out.flush();
        waitingPrompt = prompt;
    }

    /** Notes that the input line arrived: the prompt is no longer waiting. */
    synchronized void inputArrived() {
        waitingPrompt = null;
    }
}
