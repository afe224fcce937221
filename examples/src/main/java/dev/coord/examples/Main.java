package dev.coord.examples;

import dev.coord.examples.cluster.ClusterCommand;
import dev.coord.examples.cluster.ClusterPeer;
import dev.coord.examples.recipes.BarrierExample;
import dev.coord.examples.recipes.ConfigExample;
import dev.coord.examples.recipes.DiscoveryExample;
import dev.coord.examples.recipes.ElectionExample;
import dev.coord.examples.recipes.IdsExample;
import dev.coord.examples.recipes.LockExample;
import dev.coord.examples.recipes.QueueExample;
import dev.coord.examples.shell.ShellCommand;
import java.util.Arrays;

/**
 * Main dispatches the examples jar's commands: {@code demo} (the default) runs {@link Demo}; {@code peer}
 * runs one replicated peer driven by text commands on stdin ({@link PeerCommand}); {@code cluster}
 * starts, stops and reports a three-voter cluster on this machine ({@link ClusterCommand}, whose voters
 * run {@code cluster-peer}); the recipe examples ({@code election}, {@code lock}, {@code config},
 * {@code discovery}, {@code ids}, {@code queue}, {@code barrier}) join such a cluster with
 * {@code --cluster DIR}, or run an ensemble of their own (see docs/EXAMPLES.md); {@code shell} joins a
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
            case "cluster" -> ClusterCommand.main(rest);
            case "cluster-peer" -> ClusterPeer.main(rest);
            case "election" -> ElectionExample.main(rest);
            case "lock" -> LockExample.main(rest);
            case "config" -> ConfigExample.main(rest);
            case "discovery" -> DiscoveryExample.main(rest);
            case "ids" -> IdsExample.main(rest);
            case "queue" -> QueueExample.main(rest);
            case "barrier" -> BarrierExample.main(rest);
            case "shell" -> ShellCommand.main(rest);
            default -> {
                System.err.println("unknown command '" + command + "'; available: demo, peer, cluster, cluster-peer,"
                        + " election, lock, config, discovery, ids, queue, barrier, shell");
                System.exit(2);
            }
        }
    }
}
