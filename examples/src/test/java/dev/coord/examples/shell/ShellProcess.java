package dev.coord.examples.shell;

import dev.coord.examples.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
final class ShellProcess implements AutoCloseable {
    private static final List<String> INHERITED_FLAG_PREFIXES = List.of(
            "--add-", "-XX:+IgnoreUnrecognized", "-Dchronicle", "--enable-native", "--sun-misc");

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
    static ShellProcess start(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (INHERITED_FLAG_PREFIXES.stream().anyMatch(flag::startsWith)) {
                command.add(flag);
            }
        }
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("shell");
        command.addAll(arguments);
        return new ShellProcess(new ProcessBuilder(command).start());
    }

    /** Sends one line of input. */
    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Closes stdin: the end of input, after which the shell closes its session and exits. */
    void closeInput() throws IOException {
        stdin.close();
    }

    /** Waits until {@code text} appears on stdout after the previous match; returns the line it is on. */
    String expectOut(String text, Duration timeout) throws InterruptedException {
        return out.expect(text, timeout, this);
    }

    /** Waits until {@code text} appears on stderr after the previous match; returns the line it is on. */
    String expectErr(String text, Duration timeout) throws InterruptedException {
        return err.expect(text, timeout, this);
    }

    /** Everything written to stdout so far. */
    String stdout() {
        return out.text();
    }

    /** Everything written to stderr so far. */
    String stderr() {
        return err.text();
    }

    /** Waits for the JVM to exit and returns its exit status; fails with the transcript at the deadline. */
    int awaitExit(Duration timeout) throws InterruptedException {
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
    String transcript() {
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
