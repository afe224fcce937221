package dev.coord.examples;

import java.util.Arrays;

/**
 * Main dispatches the examples jar's commands: {@code demo} (the default) runs {@link Demo}; {@code peer}
 * runs one replicated peer driven by text commands on stdin ({@link PeerCommand}).
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
            default -> {
                System.err.println("unknown command '" + command + "'; available: demo, peer");
                System.exit(2);
            }
        }
    }
}
