package dev.coord.testkit.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * FreePorts picks TCP ports for test peers to listen on, from 20000 to 31999: below Linux's default
 * ephemeral range (32768 and up), where the kernel also takes the local ports of every outgoing
 * connection on the machine. A port the operating system hands out with {@code new ServerSocket(0)}
 * comes from that range, and between the test closing its probe socket and the peer binding the port,
 * any process's next outgoing connection may take it ("Address already in use"). Below the range only
 * another listener can, and the pick is random, so two test JVMs rarely meet.
 *
 * <p>Thread-safe.
 */
public final class FreePorts {
    private static final int FIRST = 20_000;
    private static final int COUNT = 12_000;
    private static final int ATTEMPTS = 1_000;

    private FreePorts() {
    }

    /**
     * Returns {@code n} distinct ports that can be bound on {@code address} now.
     *
     * @throws UncheckedIOException if {@code address} is unknown or no free port was found
     */
    public static List<Integer> pick(int n, String address) {
        InetAddress bindAddress;
        try {
            bindAddress = InetAddress.getByName(address);
        } catch (IOException e) {
            throw new UncheckedIOException("unknown address " + address, e);
        }
        List<Integer> ports = new ArrayList<>(n);
        for (int attempt = 0; attempt < ATTEMPTS && ports.size() < n; attempt++) {
            int port = FIRST + ThreadLocalRandom.current().nextInt(COUNT);
            if (!ports.contains(port) && bindable(bindAddress, port)) {
                ports.add(port);
            }
        }
        if (ports.size() < n) {
            throw new UncheckedIOException(new IOException("found only " + ports.size() + " of " + n + " free ports on "
                    + address + " between " + FIRST + " and " + (FIRST + COUNT - 1)));
        }
        return ports;
    }

    /** One free port on the loopback address. */
    public static int pick() {
        return pick(1, "127.0.0.1").get(0);
    }

    private static boolean bindable(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, address)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
