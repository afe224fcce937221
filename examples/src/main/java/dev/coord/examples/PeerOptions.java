package dev.coord.examples;

import dev.coord.Coordinator;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

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
                case "--id" -> id = (int) OptionValues.positive(name, value);
                case "--members" -> members = OptionValues.addresses(name, value);
                case "--observers" -> observers = OptionValues.addresses(name, value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--session-timeout-ms" -> sessionTimeoutMs = OptionalLong.of(OptionValues.positive(name, value));
                case "--tick-ms" -> tickMs = OptionalLong.of(OptionValues.positive(name, value));
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
}
