package dev.coord.examples;

import dev.coord.CoordException;
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
 * ensemble keeps trying until the others are up. Exit status: 0 after end of input, 1 when the peer
 * cannot start (a bad setting, a data directory in use) or stdin fails, 2 for a wrong command line. SIGINT and SIGTERM close the
 * peer cleanly too (its ephemerals are deleted).
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
            coord = startJoining(options);
        } catch (RuntimeException e) {
            LOG.error("peer {} could not start", options.id(), e);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(coord::close, "peer-" + options.id() + "-shutdown"));
        Status status = coord.status();
        LOG.info("peer {} serves as {} (leader {}, epoch {})", options.id(), status.role(), status.leaderId(), status.epoch());
        try {
            serve(new LineProtocol(coord), in, out);
            return 0;
        } catch (IOException e) {
            LOG.error("peer {} could not read its input", options.id(), e);
            return 1;
        } finally {
            coord.close();
            LOG.info("peer {} closed", options.id());
        }
    }

    /**
     * Starts the peer, starting it again for as long as it fails only because the ensemble does not
     * serve yet: no quorum within the request timeout (the other peers are not up), or a leader lost
     * while the default session was being opened (an election during startup).
     *
     * <p>NB: {@code Coordinator.Builder.start()} gives up in both cases and stops the peer, so each retry
     * recovers the peer from its data directory again. A session whose creation was committed before the
     * connection broke is left behind and expires after its timeout.
     */
    private static Coordinator startJoining(PeerOptions options) {
        while (true) {
            try {
                return options.builder().start();
            } catch (CoordException.NoQuorumException | CoordException.ConnectionLossException e) {
                LOG.warn("peer {} could not join the ensemble ({}); starting it again", options.id(), e.getMessage());
            }
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
