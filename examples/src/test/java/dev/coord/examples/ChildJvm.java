package dev.coord.examples;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ChildJvm is the command line of a JVM a test starts: this JVM's java, the module and Chronicle flags
 * this JVM was given (so Chronicle Queue and Agrona work there as here), and this JVM's class path.
 * Stateless.
 */
public final class ChildJvm {
    private static final List<String> INHERITED_FLAG_PREFIXES = List.of(
            "--add-", "-XX:+IgnoreUnrecognized", "-Dchronicle", "--enable-native", "--sun-misc");

    private ChildJvm() {
    }

    /**
     * {@code java}, the inherited flags, {@code jvmOptions}, {@code -cp} this class path, then
     * {@code mainClass} and {@code arguments}.
     */
    public static List<String> command(List<String> jvmOptions, Class<?> mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (INHERITED_FLAG_PREFIXES.stream().anyMatch(flag::startsWith)) {
                command.add(flag);
            }
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(arguments);
        return command;
    }
}
