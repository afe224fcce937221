package dev.coord.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** ChildProcesses checks that a benchmark harness left no process of its own behind. */
final class ChildProcesses {
    private ChildProcesses() {
    }

    /** Fails unless every descendant of this JVM has ended within {@code timeout}. */
    static void assertNoneLeft(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(p -> p.info().commandLine().orElse("?")))
                .as("child processes still alive").isEmpty();
    }
}
