package dev.coord.examples.shell;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Addresses parses and prints the peer lists of the command line: {@code ID=HOST:PORT[,ID=HOST:PORT...]},
 * the same form the {@code peer} command takes. An IPv6 host may be bracketed ({@code 4=[::1]:7004}).
 * Stateless.
 */
final class Addresses {
    private Addresses() {
    }

    /**
     * The peers of {@code list} by id, ascending; host names are not resolved.
     *
     * @throws IllegalArgumentException naming {@code option} and the entry that is malformed or repeated
     */
    static Map<Integer, InetSocketAddress> parse(String option, String list) {
        Map<Integer, InetSocketAddress> byId = new TreeMap<>();
        for (String entry : list.split(",", -1)) {
            int eq = entry.indexOf('=');
            int colon = entry.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2 || colon == entry.length() - 1) {
                throw new IllegalArgumentException(option + ": '" + entry + "' is not ID=HOST:PORT");
            }
            int id = (int) ShellOptions.positive(option, entry.substring(0, eq));
            String host = entry.substring(eq + 1, colon).replace("[", "").replace("]", "");
            long port = ShellOptions.positive(option, entry.substring(colon + 1));
            if (port > 65535) {
                throw new IllegalArgumentException(option + ": port " + port + " is out of range");
            }
            if (byId.put(id, InetSocketAddress.createUnresolved(host, (int) port)) != null) {
                throw new IllegalArgumentException(option + ": peer " + id + " is listed twice");
            }
        }
        return Collections.unmodifiableMap(byId);
    }

    /** The peers as {@code 1=127.0.0.1:7001, 2=127.0.0.1:7002}. */
    static String describe(Map<Integer, InetSocketAddress> peers) {
        return peers.entrySet().stream().map(e -> e.getKey() + "=" + describe(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** One address as {@code host:port}. */
    static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
