package dev.coord.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JavaCommand builds the command line of a JVM that runs a benchmark class on this JVM's classpath with
 * the flags Chronicle Queue needs on Java 17+.
 *
 * <p>The shaded jar's manifest carries those flags, but the JVM honours a manifest's Add-Exports and
 * Add-Opens only under {@code java -jar}; a {@code java -cp} launch must pass them itself.
 */
final class JavaCommand {
    /** The JVM flags Chronicle Queue and Agrona need; {@code -XX:+IgnoreUnrecognizedVMOptions} lets one set serve 17 and 25. */
    static final List<String> CHRONICLE_FLAGS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true");

    private JavaCommand() {
    }

    /** The command that runs {@code main} with {@code args} and {@code extraFlags} in a new JVM. */
    static List<String> of(Class<?> main, List<String> extraFlags, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CHRONICLE_FLAGS);
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        return command;
    }

    /** Whether this JVM was started with the flags (judged by one of them: jdk.internal.misc exported to us). */
    static boolean thisJvmHasFlags() {
        Module javaBase = Object.class.getModule();
        return javaBase.isExported("jdk.internal.misc", JavaCommand.class.getModule());
    }

    /**
     * Runs {@code main} with {@code args} in a new JVM that has the flags, sharing this one's standard
     * streams, and returns its exit code. If this JVM is stopped meanwhile (Ctrl-C, SIGTERM) the new
     * one is asked to stop too, so its own shutdown hooks run. The flags this JVM was given are passed on.
     */
    static int relaunchWithFlags(Class<?> main, String[] args) throws IOException, InterruptedException {
        // Keep the flags this JVM was given (-Xmx, -D...), if any.
        List<String> flags = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        Process process = new ProcessBuilder(of(main, flags, Arrays.asList(args))).inheritIO().start();
        Thread forwardStop = new Thread(() -> {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop-relaunched-jvm");
        Runtime.getRuntime().addShutdownHook(forwardStop);
        int exit = process.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(forwardStop);
        } catch (IllegalStateException e) {
            // this JVM is already stopping: the hook has run
        }
        return exit;
    }
}
