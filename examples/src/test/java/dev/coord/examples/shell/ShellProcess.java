package dev.coord.examples.shell;

import dev.coord.examples.ChildJvm;
import dev.coord.examples.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ShellProcess is the {@code shell} command running in its own JVM, fed through its stdin (a pipe, so
 * the shell runs non-interactively) while two daemon threads collect its stdout and stderr.
 *
 * <p>{@link #expectOut} and {@link #expectErr} wait, with a deadline, for text to appear after the
 * previous match in that stream, so a test reads the transcript in order. The JVM runs the test's
 * classpath with the test JVM's module and Chronicle flags.
 *
 * <p>Thread-safe for one test thread; the collector threads only append.
 */
public final class ShellProcess implements AutoCloseable {
    private final Process process;
    private final Writer stdin;
    private final Transcript out;
    private final Transcript err;

    private ShellProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new Transcript("stdout", process.getInputStream());
        this.err = new Transcript("stderr", process.getErrorStream());
    }

    /** Starts {@code shell} with {@code arguments} in a new JVM. */
    public static ShellProcess start(List<String> arguments) throws IOException {
        List<String> shellArguments = new ArrayList<>(List.of("shell"));
        shellArguments.addAll(arguments);
        return new ShellProcess(new ProcessBuilder(ChildJvm.command(List.of("-Xmx128m"), Main.class, shellArguments)).start());
    }

    /** Sends one line of input. */
    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Closes stdin: the end of input, after which the shell closes its session and exits. */
    public void closeInput() throws IOException {
        stdin.close();
    }

    /** Waits until {@code text} appears on stdout after the previous match; returns the line it is on. */
    public String expectOut(String text, Duration timeout) throws InterruptedException {
        return out.expect(text, timeout, this);
    }

    /** Waits until {@code text} appears on stderr after the previous match; returns the line it is on. */
    public String expectErr(String text, Duration timeout) throws InterruptedException {
        return err.expect(text, timeout, this);
    }

    /** Everything written to stdout so far. */
    public String stdout() {
        return out.text();
    }

    /** Everything written to stderr so far. */
    public String stderr() {
        return err.text();
    }

    /** Waits for the JVM to exit and returns its exit status; fails with the transcript at the deadline. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the shell did not exit within " + timeout.toMillis() + " ms" + transcript());
        }
        out.awaitEnd(timeout);
        err.awaitEnd(timeout);
        return process.exitValue();
    }

    /** Kills the JVM if it still runs. Idempotent. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Both streams so far, for failure messages. */
    public String transcript() {
        return "\n--- shell stdout ---\n" + out.text() + "\n--- shell stderr ---\n" + err.text();
    }

    /** Transcript is one output stream of the process, collected whole. */
    private static final class Transcript {
        private final String name;
        // Guarded by this.
        private final StringBuilder text = new StringBuilder();
        // Guarded by this.
        private boolean ended;
        // Only the test thread uses it: where the next expect starts searching.
        private int cursor;

        Transcript(String name, InputStream stream) {
            this.name = name;
            Thread reader = new Thread(() -> collect(stream), "shell-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        private void collect(InputStream stream) {
            byte[] buffer = new byte[4096];
            try (stream) {
                for (int n = stream.read(buffer); n >= 0; n = stream.read(buffer)) {
                    append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the pipe broke with the process: the end of the stream, as below
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        private synchronized void append(String chunk) {
            text.append(chunk);
            notifyAll();
        }

        synchronized String text() {
            return text.toString();
        }

        String expect(String wanted, Duration timeout, ShellProcess owner) throws InterruptedException {
            long deadlineNs = System.nanoTime() + timeout.toNanos();
            synchronized (this) {
                while (true) {
                    int at = text.indexOf(wanted, cursor);
                    if (at >= 0) {
                        int lineStart = text.lastIndexOf("\n", at) + 1;
                        int lineEnd = text.indexOf("\n", at + wanted.length());
                        cursor = at + wanted.length();
                        return text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
                    }
                    long leftNs = deadlineNs - System.nanoTime();
                    if (ended || leftNs <= 0) {
                        throw new AssertionError("'" + wanted + "' did not appear on " + name + " after position " + cursor
                                + (ended ? " before it ended" : " within " + timeout.toMillis() + " ms") + owner.transcript());
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, leftNs);
                }
            }
        }

        synchronized void awaitEnd(Duration timeout) throws InterruptedException {
            long deadlineNs = System.nanoTime() + timeout.toNanos();
            while (!ended && deadlineNs - System.nanoTime() > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, deadlineNs - System.nanoTime());
            }
        }
    }
}
