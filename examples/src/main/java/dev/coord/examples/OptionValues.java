package dev.coord.examples;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * OptionValues parses the values the examples' command lines and cluster files hold: positive numbers
 * (ids, ports, milliseconds) and peer lists, {@code ID=HOST:PORT[,ID=HOST:PORT...]}, the form the
 * {@code peer} and {@code shell} commands take and {@code cluster.properties} keeps. An IPv6 host may be
 * bracketed ({@code 4=[::1]:7004}); white space around an entry is ignored. Stateless.
 */
public final class OptionValues {
    private OptionValues() {
    }

    /**
     * The peers of {@code list} by id, ascending, unmodifiable; host names are not resolved.
     *
     * @param what names the list in errors: an option ({@code --members}) or a file and property
     * @throws IllegalArgumentException naming {@code what} and the entry that is malformed or repeated
     */
    public static Map<Integer, InetSocketAddress> addresses(String what, String list) {
        Map<Integer, InetSocketAddress> byId = new TreeMap<>();
        for (String raw : list.split(",", -1)) {
            String entry = raw.trim();
            int eq = entry.indexOf('=');
            int colon = entry.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2 || colon == entry.length() - 1) {
                throw new IllegalArgumentException(what + ": '" + entry + "' is not ID=HOST:PORT");
            }
            int id = (int) positive(what, entry.substring(0, eq));
            String host = entry.substring(eq + 1, colon).replace("[", "").replace("]", "");
            long port = positive(what, entry.substring(colon + 1));
            if (port > 65535) {
                throw new IllegalArgumentException(what + ": port " + port + " is out of range");
            }
            if (byId.put(id, InetSocketAddress.createUnresolved(host, (int) port)) != null) {
                throw new IllegalArgumentException(what + ": peer " + id + " is listed twice");
            }
        }
        return Collections.unmodifiableMap(byId);
    }

    /** The peers as {@code 1=127.0.0.1:7001,2=127.0.0.1:7002}, ascending by id: what {@link #addresses} reads. */
    public static String format(Map<Integer, InetSocketAddress> peers) {
        return new TreeMap<>(peers).entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue()))
                .collect(Collectors.joining(","));
    }

    /** One address as {@code host:port}. */
    public static String format(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /**
     * A number from 1 to {@link Integer#MAX_VALUE}.
     *
     * @throws IllegalArgumentException naming {@code what} if {@code value} is not one
     */
    public static long positive(String what, String value) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + value + "' is not a number", e);
        }
        if (parsed < 1 || parsed > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + ": " + value + " must be between 1 and " + Integer.MAX_VALUE);
        }
        return parsed;
    }
}
