package dev.coord.transport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * LogLines records the log lines written to {@code System.err} (where slf4j-simple writes, looking the
 * stream up on every line) while it is open, still passing them through; closing it puts the original
 * stream back.
 *
 * <p>Threading: lines may come from any thread; read them from the test thread.
 */
final class LogLines implements AutoCloseable {
    private final PrintStream original;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogLines() {
        original = System.err;
        System.setErr(new PrintStream(new Tee(), true, StandardCharsets.UTF_8));
    }

    /** Starts recording. */
    static LogLines capture() {
        return new LogLines();
    }

    /** The lines recorded so far that contain every one of {@code fragments}. */
    List<String> containing(String... fragments) {
        return lines.stream().filter(line -> Arrays.stream(fragments).allMatch(line::contains)).toList();
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }

    /** Passes bytes to the original stream and cuts them into lines. */
    private final class Tee extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            original.write(b);
            if (b == '\n') {
                lines.add(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
