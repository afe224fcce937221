package dev.coord.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coord.Coordinator;
import dev.coord.CreateMode;
import dev.coord.testkit.net.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FsyncErrorProcessTest runs a standalone peer in a child JVM under {@code strace}, which makes one of
 * its {@code fdatasync} calls fail with EIO: the peer must stop at once, loudly (an ERROR that says
 * what to do), never retrying the fsync and acknowledging nothing after it; restarted on the same
 * directory, it must hold every write it acknowledged. The same for one peer of three, which recovers
 * from its log and the leader. Needs strace and ptrace (skipped otherwise).
 */
class FsyncErrorProcessTest {
    /** The fdatasync that fails: late enough that the peer has acknowledged writes before it. */
    private static final int FAILING_FDATASYNC = 60;

    @TempDir
    Path dir;

    @Test
    void shouldStopLoudlyOnAFailedFsyncAndKeepEveryAcknowledgedWriteAfterRestart() throws Exception {
        Path dataDir = dir.resolve("data");
        List<String> acknowledged = runUntilTheFsyncFails(dataDir, List.of(), Set.of("SYSTEM_ERROR"));

        try (Coordinator restarted = Coordinator.builder().dataDir(dataDir).logBlockBytes(1 << 20).start()) {
            for (String path : acknowledged) {
                assertThat(restarted.exists(path)).as(path + " after restart").isNotNull();
            }
        }
    }

    /**
     * The same for peer 1 of three (the other two in this JVM): it stops, the others go on, and
     * restarted without the fault it recovers from its log and the leader.
     */
    @Test
    void shouldStopAReplicatedPeerLoudlyOnAFailedFsyncAndLetItRecoverFromItsLogAndTheLeader() throws Exception {
        List<Integer> ports = FreePorts.pick(3, "127.0.0.1");
        List<String> memberArgs = new ArrayList<>(List.of("1"));
        ports.forEach(port -> memberArgs.add(Integer.toString(port)));
        Map<Integer, Coordinator> others = new TreeMap<>();
        try {
            List<CompletableFuture<Coordinator>> starting = new ArrayList<>();
            for (int id = 2; id <= 3; id++) {
                // A thread each: a member's start returns once a leader serves, which needs the others.
                starting.add(CompletableFuture.supplyAsync(startMember(id, ports), task -> new Thread(task, "start-peer").start()));
            }
            List<String> acknowledged = runUntilTheFsyncFails(dir.resolve("peer1"), memberArgs,
                    // a write already sent to the leader may commit yet: its outcome is unknown
                    Set.of("SYSTEM_ERROR", "CONNECTION_LOSS"));
            others.put(2, starting.get(0).join());
            others.put(3, starting.get(1).join());
            // The two others carry on.
            String after = others.get(2).create("/after", new byte[1], CreateMode.PERSISTENT);

            try (Coordinator restarted = startMember(1, ports).get()) {
                Coordinator witness = others.get(3);
                awaitUntil(() -> restarted.status().lastZxid() == witness.status().lastZxid()
                        && restarted.status().digest() == witness.status().digest(), "peer 1 to catch up");
                for (String path : acknowledged) {
                    assertThat(restarted.exists(path)).as(path + " after restart").isNotNull();
                    assertThat(witness.exists(path)).as(path + " on peer 3").isNotNull();
                }
                assertThat(restarted.exists(after)).isNotNull();
            }
        } finally {
            others.values().forEach(Coordinator::close);
        }
    }

    private java.util.function.Supplier<Coordinator> startMember(int id, List<Integer> ports) {
        return () -> WriteUntilStopped.member(Coordinator.builder().dataDir(dir.resolve("peer" + id)).logBlockBytes(1 << 20),
                id, ports).start();
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /**
     * Runs {@link WriteUntilStopped} under strace on {@code dataDir} (with {@code memberArgs} after it),
     * checks that it stopped loudly at the failed fdatasync, failing the write in flight with one of
     * {@code failureCodes}, and returns the paths it acknowledged.
     */
    private List<String> runUntilTheFsyncFails(Path dataDir, List<String> memberArgs, Set<String> failureCodes)
            throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "needs strace (apt-get install strace)");
        Path stderr = dir.resolve("child.err");
        List<String> command = new ArrayList<>(List.of("/usr/bin/strace", "-f", "-qq", "--seccomp-bpf", "-o", "/dev/null",
                "-e", "trace=fdatasync", "-e", "inject=fdatasync:error=EIO:when=" + FAILING_FDATASYNC));
        command.addAll(javaCommand(dataDir));
        command.addAll(memberArgs);
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
        assertThat(failure).as("the write after the failed fsync").startsWith(WriteUntilStopped.FAILED);
        assertThat(failure.split(" ")[1]).as(failure).isIn(failureCodes);
        assertThat(acknowledged).as("writes acknowledged before the failed fsync").isNotEmpty();
        assertThat(log).contains("An fsync of the transaction log in").contains("It is not retried")
                .contains("then restart the peer");
        return acknowledged;
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
