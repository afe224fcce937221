package dev.coord.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * PeerProcess is one {@code peer} command running in its own JVM, driven through its line protocol:
 * {@link #ask} sends a command line and waits, with a deadline, for its one answer line.
 *
 * <p>The JVM runs the test's own classpath with the test JVM's module and Chronicle flags. Its stderr
 * is appended to a file, whose tail goes into every failure this class reports.
 *
 * <p>Thread-safe: {@link #ask} and {@link #tryAsk} are serialized, so an answer always goes to the
 * thread that sent its command; the signals ({@link #kill}, {@link #pause}, {@link #resume}) may be
 * sent from any thread at any time. A daemon thread collects stdout.
 */
final class PeerProcess {
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final int id;
    private final Process process;
    private final Writer stdin;
    private final Path stderrFile;
    /** Stdout lines in order; an empty Optional marks the end of stdout. */
    private final BlockingQueue<Optional<String>> answers = new LinkedBlockingQueue<>();

    private PeerProcess(int id, Process process, Path stderrFile) {
        this.id = id;
        this.process = process;
        this.stderrFile = stderrFile;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::collectAnswers, "peer-" + id + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code peer} with the given arguments in a new JVM; its stderr is appended to {@code stderrFile}. */
    static PeerProcess start(int id, List<String> peerArguments, Path stderrFile) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("peer"));
        arguments.addAll(peerArguments);
        List<String> command = ChildJvm.command(List.of("-Xmx256m", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"), Main.class, arguments);
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()))
                .start();
        return new PeerProcess(id, process, stderrFile);
    }

    int id() {
        return id;
    }

    /** Sends one command line and returns its answer, waiting at most {@link #ANSWER_TIMEOUT}. */
    synchronized String ask(String command) {
        return tryAsk(command, ANSWER_TIMEOUT).orElseThrow(
                () -> failure("closed its stdout before answering '" + command + "'" + exitDescription()));
    }

    /**
     * Sends one command line and returns its answer, or empty if the process ended (was killed) before
     * it answered; fails if it neither answers nor ends within {@code timeout}.
     */
    synchronized Optional<String> tryAsk(String command, Duration timeout) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            if (!process.isAlive() || endOfStdout()) {
                return Optional.empty();
            }
            throw failure("could not send '" + command + "' (" + e + ")");
        }
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        try {
            Optional<String> answer = answers.poll(deadlineNs - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (answer == null) {
                throw failure("did not answer '" + command + "' within " + timeout.toSeconds() + " s");
            }
            if (answer.isEmpty()) {
                answers.add(answer);
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("was still answering '" + command + "' when the test was interrupted");
        }
    }

    /** True once stdout has ended (the end marker is kept at the head of the queue). */
    private boolean endOfStdout() {
        Optional<String> head = answers.peek();
        return head != null && head.isEmpty();
    }

    /** Closes the peer's stdin: the end of input that makes it close cleanly and exit. */
    void closeInput() {
        try {
            stdin.close();
        } catch (IOException e) {
            throw failure("could not close its stdin (" + e + ")");
        }
    }

    /** Waits for the process to exit and returns its exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw failure("did not exit within " + timeout.toSeconds() + " s");
        }
        return process.exitValue();
    }

    /** Kills the JVM with SIGKILL (on Linux): no end of input, no shutdown hook, nothing flushed. */
    void kill() {
        process.destroyForcibly();
    }

    /** Kills the JVM if it still runs and waits briefly for it to go; a paused JVM is resumed first. */
    void killIfAlive() throws InterruptedException {
        if (process.isAlive()) {
            resume();
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Stops the JVM with SIGSTOP: it keeps its sockets and files but runs no code until {@link #resume}. */
    void pause() {
        signal("STOP");
    }

    /** Resumes a JVM stopped by {@link #pause} with SIGCONT; harmless on one that runs. */
    void resume() {
        signal("CONT");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Sends a signal with kill(1); a process that has already exited is left alone. */
    private void signal(String name) {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw failure("could not be sent SIG" + name + ": kill(1) hung");
            }
            if (kill.exitValue() != 0 && process.isAlive()) {
                throw failure("could not be sent SIG" + name + ": " + new String(kill.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw failure("could not be sent SIG" + name + " (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("was being sent SIG" + name + " when the test was interrupted");
        }
    }

    /** An AssertionError naming this peer, carrying the tail of its stderr. */
    AssertionError failure(String what) {
        return new AssertionError("peer " + id + " " + what + "; last lines of its stderr:\n" + stderrTail(40));
    }

    private String exitDescription() {
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                return " (it exited with status " + process.exitValue() + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    /** The last lines of stderr, stack frames left out. */
    private String stderrTail(int lines) {
        try {
            List<String> all = Files.readAllLines(stderrFile, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.startsWith("\tat ") && !line.startsWith("\t\tat ")).toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    private void collectAnswers() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                answers.add(Optional.of(line));
            }
        } catch (IOException e) {
            // the pipe broke with the process: the end of stdout, as below
        } finally {
            answers.add(Optional.empty());
        }
    }
}
