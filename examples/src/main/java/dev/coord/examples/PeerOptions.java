package dev.coord.examples;

import dev.coord.Coordinator;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * PeerOptions is the command line of the {@code peer} command, parsed: which peer this is, the
 * ensemble's voting members and observers, where the peer keeps its data, and optional timings.
 *
 * <p>Options take their value as the next argument ({@code --id 1}). The address of a member is
 * {@code id=host:port}; a list of them is comma-separated.
 *
 * @param id               this peer's id; it must be among the members or the observers
 * @param members          the voting members by id
 * @param observers        the observers by id (may be empty)
 * @param dataDir          the peer's data directory
 * @param sessionTimeoutMs the default session's timeout, if given
 * @param tickMs           the housekeeping tick, if given
 */
record PeerOptions(
        int id,
        Map<Integer, InetSocketAddress> members,
        Map<Integer, InetSocketAddress> observers,
        Path dataDir,
        OptionalLong sessionTimeoutMs,
        OptionalLong tickMs) {

    /** The usage line printed when the command line is wrong. */
    static final String USAGE = "usage: peer --id N --members ID=HOST:PORT[,...] --data-dir DIR"
            + " [--observers ID=HOST:PORT[,...]] [--session-timeout-ms N] [--tick-ms N]";

    /**
     * Parses the arguments that follow {@code peer}.
     *
     * @throws IllegalArgumentException naming the argument that is missing, unknown or malformed
     */
    static PeerOptions parse(String[] args) {
        Integer id = null;
        Map<Integer, InetSocketAddress> members = null;
        Map<Integer, InetSocketAddress> observers = Map.of();
        Path dataDir = null;
        OptionalLong sessionTimeoutMs = OptionalLong.empty();
        OptionalLong tickMs = OptionalLong.empty();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[i + 1];
            switch (name) {
                case "--id" -> id = (int) positive(name, value);
                case "--members" -> members = addresses(name, value);
                case "--observers" -> observers = addresses(name, value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--session-timeout-ms" -> sessionTimeoutMs = OptionalLong.of(positive(name, value));
                case "--tick-ms" -> tickMs = OptionalLong.of(positive(name, value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (id == null || members == null || dataDir == null) {
            throw new IllegalArgumentException("--id, --members and --data-dir are required");
        }
        for (Integer observer : observers.keySet()) {
            if (members.containsKey(observer)) {
                throw new IllegalArgumentException("peer " + observer + " is both a member and an observer");
            }
        }
        return new PeerOptions(id, members, observers, dataDir, sessionTimeoutMs, tickMs);
    }

    /** A builder for the Coordinator these options describe; its start() validates the rest. */
    Coordinator.Builder builder() {
        Coordinator.Builder b = Coordinator.builder().peerId(id).dataDir(dataDir);
        members.forEach((member, address) -> b.member(member, address.getHostString(), address.getPort()));
        observers.forEach((observer, address) -> b.observer(observer, address.getHostString(), address.getPort()));
        sessionTimeoutMs.ifPresent(ms -> b.sessionTimeout(Duration.ofMillis(ms)));
        tickMs.ifPresent(ms -> b.tick(Duration.ofMillis(ms)));
        return b;
    }

    private static Map<Integer, InetSocketAddress> addresses(String name, String list) {
        Map<Integer, InetSocketAddress> byId = new TreeMap<>();
        for (String entry : list.split(",", -1)) {
            int eq = entry.indexOf('=');
            int colon = entry.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2 || colon == entry.length() - 1) {
                throw new IllegalArgumentException(name + ": '" + entry + "' is not ID=HOST:PORT");
            }
            int id = (int) positive(name, entry.substring(0, eq));
            String host = entry.substring(eq + 1, colon).replace("[", "").replace("]", "");
            long port = positive(name, entry.substring(colon + 1));
            if (port > 65535) {
                throw new IllegalArgumentException(name + ": port " + port + " is out of range");
            }
            if (byId.put(id, InetSocketAddress.createUnresolved(host, (int) port)) != null) {
                throw new IllegalArgumentException(name + ": peer " + id + " is listed twice");
            }
        }
        return Collections.unmodifiableMap(byId);
    }

    private static long positive(String name, String value) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a number", e);
        }
        if (parsed < 1 || parsed > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + value + " must be between 1 and " + Integer.MAX_VALUE);
        }
        return parsed;
    }
}
