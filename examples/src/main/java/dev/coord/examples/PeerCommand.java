package dev.coord.examples;

import dev.coord.Coordinator;
import dev.coord.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PeerCommand is the {@code peer} command: it starts one replicated Coord peer from its command line
 * (see {@link PeerOptions}) and serves the {@link LineProtocol} on stdin and stdout until end of input,
 * then closes the peer.
 *
 * <p>Starting blocks until the ensemble serves, so the first answer is also the sign that the peer is
 * up; nothing else is ever written to stdout (logs go to stderr). A peer started before a quorum of its
 * ensemble keeps trying until the others are up. SIGINT and SIGTERM close the peer cleanly too (its
 * ephemerals are deleted).
 *
 * <p>Exit status: 0 after end of input; 1 when the peer cannot start (a bad setting, a data directory
 * in use) or stdin fails; 2 for a wrong command line.
 */
public final class PeerCommand {
    private static final Logger LOG = LoggerFactory.getLogger(PeerCommand.class);

    private PeerCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, new PrintStream(System.out, false, StandardCharsets.UTF_8)));
    }

    /** Runs the command and returns its exit status. */
    static int run(String[] args, InputStream in, PrintStream out) {
        PeerOptions options;
        try {
            options = PeerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("peer: " + e.getMessage());
            System.err.println(PeerOptions.USAGE);
            return 2;
        }
        Coordinator coord;
        try {
            coord = options.builder().start();
        } catch (RuntimeException e) {
            LOG.error("peer {} could not start", options.id(), e);
            return 1;
        }
        Thread onSignal = new Thread(() -> {
            LOG.info("peer {} closing on a signal", options.id());
            coord.close();
        }, "peer-" + options.id() + "-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        Status status = coord.status();
        LOG.info("peer {} serves as {} (leader {}, epoch {})", options.id(), status.role(), status.leaderId(), status.epoch());
        try {
            serve(new LineProtocol(coord), in, out);
            return 0;
        } catch (IOException e) {
            LOG.error("peer {} could not read its input", options.id(), e);
            return 1;
        } finally {
            removeHook(onSignal);
            coord.close();
            LOG.info("peer {} closed", options.id());
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook closes the peer
        }
    }

    private static void serve(LineProtocol protocol, InputStream in, PrintStream out) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            out.print(protocol.answer(line));
            out.print('\n');
            out.flush();
        }
    }
}
