package dev.coord.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coord.Coordinator;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * FsyncErrorProcessTest runs a standalone peer in a child JVM under {@code strace}, which makes one of
 * its {@code fdatasync} calls fail with EIO: the peer must stop at once, loudly (an ERROR that says
 * what to do), never retrying the fsync and acknowledging nothing after it; restarted on the same
 * directory, it must hold every write it acknowledged. Needs strace and ptrace (skipped otherwise).
 */
class FsyncErrorProcessTest {
    /** The fdatasync that fails: late enough that the peer has acknowledged writes before it. */
    private static final int FAILING_FDATASYNC = 60;

    @TempDir
    Path dir;

    @Test
    void shouldStopLoudlyOnAFailedFsyncAndKeepEveryAcknowledgedWriteAfterRestart() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "needs strace (apt-get install strace)");
        Path dataDir = dir.resolve("data");
        Path stderr = dir.resolve("child.err");
        List<String> command = new ArrayList<>(List.of("/usr/bin/strace", "-f", "-qq", "--seccomp-bpf", "-o", "/dev/null",
                "-e", "trace=fdatasync", "-e", "inject=fdatasync:error=EIO:when=" + FAILING_FDATASYNC));
        command.addAll(javaCommand(dataDir));
        Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        List<String> acknowledged = new ArrayList<>();
        String failure = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(WriteUntilStopped.ACKED)) {
                    acknowledged.add(line.substring(WriteUntilStopped.ACKED.length()));
                } else if (line.startsWith(WriteUntilStopped.FAILED)) {
                    failure = line;
                }
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child exits").isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        String log = Files.readString(stderr);
        assumeTrue(!log.contains("PTRACE_TRACEME") && !log.contains("Operation not permitted"), "ptrace is not allowed here: " + log);
        assertThat(child.exitValue()).as("exit status; stderr: %s", log).isEqualTo(3);
        assertThat(failure).as("the write after the failed fsync").startsWith(WriteUntilStopped.FAILED + "SYSTEM_ERROR");
        assertThat(acknowledged).as("writes acknowledged before the failed fsync").isNotEmpty();
        assertThat(log).contains("An fsync of the transaction log in").contains("It is not retried")
                .contains("then restart the peer");

        try (Coordinator restarted = Coordinator.builder().dataDir(dataDir).logBlockBytes(1 << 20).start()) {
            for (String path : acknowledged) {
                assertThat(restarted.exists(path)).as(path + " after restart").isNotNull();
            }
        }
    }

    private static List<String> javaCommand(Path dataDir) {
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
        command.add(WriteUntilStopped.class.getName());
        command.add(dataDir.toString());
        return command;
    }
}
