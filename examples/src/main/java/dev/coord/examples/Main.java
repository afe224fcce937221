package dev.coord.examples;

import dev.coord.examples.shell.ShellCommand;
import java.util.Arrays;

/**
 * Main dispatches the examples jar's commands: {@code demo} (the default) runs {@link Demo}; {@code peer}
 * runs one replicated peer driven by text commands on stdin ({@link PeerCommand}); {@code shell} joins a
 * running ensemble as an observer and gives a zkCli-like command line ({@link ShellCommand}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "demo" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "demo" -> Demo.main(rest);
            case "peer" -> PeerCommand.main(rest);
            case "shell" -> ShellCommand.main(rest);
            default -> {
                System.err.println("unknown command '" + command + "'; available: demo, peer, shell");
                System.exit(2);
            }
        }
    }
}
