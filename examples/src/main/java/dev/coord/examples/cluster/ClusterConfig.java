package dev.coord.examples.cluster;

import dev.coord.Coordinator;
import dev.coord.examples.OptionValues;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * ClusterConfig is what a program needs to join a cluster the launcher started: the cluster's name, its
 * voting members and the observer slots examples may take, by peer id. It is kept in
 * {@code DIR/cluster.properties}:
 *
 * <pre>
 * cluster.name=coord
 * members=1=127.0.0.1:7101,2=127.0.0.1:7102,3=127.0.0.1:7103
 * observers=11=127.0.0.1:7111,...,18=127.0.0.1:7118
 * </pre>
 *
 * <p>Every peer, voter or observer, is configured with all of these: the voters count a quorum among
 * the members only, so the ensemble serves whether or not any observer slot is in use.
 *
 * @param name      the cluster name peers check at the handshake
 * @param members   the voting members by id
 * @param observers the observer slots by id
 */
public record ClusterConfig(String name, Map<Integer, InetSocketAddress> members, Map<Integer, InetSocketAddress> observers) {
    /** The file name of the configuration inside a cluster directory. */
    public static final String FILE_NAME = "cluster.properties";
    /** The voters' ids of a loopback cluster. */
    static final int VOTERS = 3;
    /** The first observer slot's id of a loopback cluster. */
    static final int FIRST_SLOT = 11;
    /** How many observer slots a loopback cluster declares. */
    static final int SLOTS = 8;

    public ClusterConfig {
        members = Collections.unmodifiableMap(new TreeMap<>(members));
        observers = Collections.unmodifiableMap(new TreeMap<>(observers));
        for (Integer id : observers.keySet()) {
            if (members.containsKey(id)) {
                throw new IllegalArgumentException("peer " + id + " is both a member and an observer slot");
            }
        }
    }

    /**
     * Three voters on {@code 127.0.0.1:basePort+1..+3} and eight observer slots, ids 11 to 18, on
     * {@code basePort+11..+18}.
     */
    public static ClusterConfig loopback(int basePort) {
        if (basePort < 1024 || basePort + FIRST_SLOT + SLOTS > 65535) {
            throw new IllegalArgumentException("base port " + basePort + " must be between 1024 and " + (65535 - FIRST_SLOT - SLOTS));
        }
        Map<Integer, InetSocketAddress> members = new TreeMap<>();
        for (int id = 1; id <= VOTERS; id++) {
            members.put(id, InetSocketAddress.createUnresolved("127.0.0.1", basePort + id));
        }
        Map<Integer, InetSocketAddress> observers = new TreeMap<>();
        for (int id = FIRST_SLOT; id < FIRST_SLOT + SLOTS; id++) {
            observers.put(id, InetSocketAddress.createUnresolved("127.0.0.1", basePort + id));
        }
        return new ClusterConfig("coord", members, observers);
    }

    /** How far above its peer port a voter serves the admin endpoint and web page (loopback only). */
    public static final int ADMIN_PORT_OFFSET = 20;

    /** The port of voter {@code id}'s admin endpoint: its peer port plus {@link #ADMIN_PORT_OFFSET}. */
    public int adminPort(int id) {
        InetSocketAddress address = members.get(id);
        if (address == null) {
            throw new IllegalArgumentException("peer " + id + " is not a voter of cluster " + name);
        }
        return address.getPort() + ADMIN_PORT_OFFSET;
    }

    /** A builder for peer {@code id} of this cluster: every member and observer slot declared. */
    public Coordinator.Builder builder(int id) {
        Coordinator.Builder b = Coordinator.builder().peerId(id).clusterName(name);
        members.forEach((member, address) -> b.member(member, address.getHostString(), address.getPort()));
        observers.forEach((observer, address) -> b.observer(observer, address.getHostString(), address.getPort()));
        return b;
    }

    /** Writes {@code dir/cluster.properties} atomically (a temporary file renamed over it). */
    public void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("cluster.name", name);
        p.setProperty("members", OptionValues.format(members));
        p.setProperty("observers", OptionValues.format(observers));
        Path temporary = dir.resolve(FILE_NAME + ".tmp");
        try (Writer w = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            p.store(w, "Coord cluster started by 'cluster start'; examples join it with --cluster " + dir);
        }
        Files.move(temporary, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads {@code dir/cluster.properties}.
     *
     * @throws IllegalArgumentException naming the file when it is missing or a property is malformed
     */
    public static ClusterConfig read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist: start the cluster first (scripts/cluster.sh start " + dir + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        String name = required(p, file, "cluster.name");
        return new ClusterConfig(name, OptionValues.addresses(file + ": 'members'", required(p, file, "members")),
                OptionValues.addresses(file + ": 'observers'", required(p, file, "observers")));
    }

    private static String required(Properties p, Path file, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(file + ": property '" + key + "' is missing");
        }
        return value.trim();
    }
}
