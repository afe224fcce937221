package dev.coord.log.chronicle;

import static dev.coord.log.TxnLogContractTest.append;
import static dev.coord.log.TxnLogContractTest.zxid;
import static dev.coord.log.TxnLogContractTest.zxidsAfter;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ChronicleTxnLogCrashTest kills a child JVM with SIGKILL while it appends and flushes, then checks that
 * every record it reported flushed is there, that the log is a gap-free prefix, and that appends go on.
 */
class ChronicleTxnLogCrashTest {
    private static final int FLUSHES_BEFORE_KILL = 200;

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldKeepEveryFlushedRecordWhenTheProcessIsKilled() throws Exception {
        Path logDirectory = directory.resolve("log");
        long lastReported = runChildUntilKilled(logDirectory);

        try (ChronicleTxnLog log = ChronicleTxnLog.open(logDirectory, LogFiles.TEST_OPTIONS)) {
            List<Long> zxids = zxidsAfter(log, 0);
            assertThat(zxids.size()).isGreaterThanOrEqualTo((int) lastReported);
            for (int i = 0; i < zxids.size(); i++) {
                assertThat(zxids.get(i)).as("record %d", i).isEqualTo(zxid(1, i + 1));
            }
            append(log, zxid(1, zxids.size() + 1));
            log.flush();
        }
        long afterSecondCrash = runChildUntilKilled(logDirectory);
        try (ChronicleTxnLog log = ChronicleTxnLog.open(logDirectory, LogFiles.TEST_OPTIONS)) {
            List<Long> zxids = zxidsAfter(log, 0);
            assertThat(zxids.size()).isGreaterThanOrEqualTo((int) afterSecondCrash);
            for (int i = 0; i < zxids.size(); i++) {
                assertThat(zxids.get(i)).as("record %d", i).isEqualTo(zxid(1, i + 1));
            }
        }
    }

    /**
     * Runs {@link AppendUntilKilled} until it reported enough flushes, kills it, and returns the last
     * counter it reported flushed (its zxids are epoch 1, counters 1, 2, 3 ...).
     */
    private long runChildUntilKilled(Path logDirectory) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile(directory, "child", ".err");
        Process child = new ProcessBuilder(childCommand(logDirectory))
                .redirectError(stderr.toFile())
                .start();
        long lastReported = 0;
        int reports = 0;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            while (reports < FLUSHES_BEFORE_KILL) {
                String line = out.readLine();
                assertThat(line).as("child output; its stderr: %s", Files.readString(stderr)).isNotNull();
                if (line.startsWith(AppendUntilKilled.FLUSHED)) {
                    lastReported = Long.parseLong(line.substring(AppendUntilKilled.FLUSHED.length()));
                    reports++;
                }
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as("exit status of a SIGKILLed child").isEqualTo(128 + 9);
        return lastReported;
    }

    private static List<String> childCommand(Path logDirectory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-") || argument.startsWith("-XX:") || argument.startsWith("--enable-")
                    || argument.startsWith("--sun-") || argument.startsWith("-Dchronicle.")) {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(AppendUntilKilled.class.getName());
        command.add(logDirectory.toString());
        return command;
    }
}
