package dev.coord.examples.cluster;

import dev.coord.Coordinator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * LocalEnsemble is a three-voter ensemble inside this JVM: three in-memory peers on free loopback
 * ports, for examples run without a cluster. Its configuration has one observer slot, id 11, for the
 * example itself, so the example joins it exactly as it joins a launched cluster.
 */
final class LocalEnsemble implements AutoCloseable {
    private final ClusterConfig config;
    private final List<Coordinator> voters;

    private LocalEnsemble(ClusterConfig config, List<Coordinator> voters) {
        this.config = config;
        this.voters = voters;
    }

    /** Starts the voters; returns once they serve. */
    static LocalEnsemble start() throws IOException {
        Map<Integer, InetSocketAddress> members = new TreeMap<>();
        for (int id = 1; id <= ClusterConfig.VOTERS; id++) {
            members.put(id, InetSocketAddress.createUnresolved("127.0.0.1", freePort()));
        }
        ClusterConfig config = new ClusterConfig("coord-local", members,
                Map.of(ClusterConfig.FIRST_SLOT, InetSocketAddress.createUnresolved("127.0.0.1", freePort())));
        List<CompletableFuture<Coordinator>> starting = new ArrayList<>();
        for (int id : members.keySet()) {
            starting.add(CompletableFuture.supplyAsync(() -> config.builder(id).start()));
        }
        List<Coordinator> voters = new ArrayList<>();
        try {
            for (CompletableFuture<Coordinator> f : starting) {
                voters.add(f.join());
            }
        } catch (CompletionException e) {
            starting.forEach(f -> f.thenAccept(Coordinator::close));
            throw e;
        }
        return new LocalEnsemble(config, voters);
    }

    ClusterConfig config() {
        return config;
    }

    /** The voter that leads now. */
    int leaderId() {
        return voters.get(0).status().leaderId();
    }

    @Override
    public void close() {
        voters.forEach(Coordinator::close);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
