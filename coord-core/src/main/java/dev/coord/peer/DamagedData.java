package dev.coord.peer;

import dev.coord.log.file.Fsync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DamagedData moves a replicated peer's damaged log and snapshots out of the way, so that it starts
 * with an empty history and gets the whole tree from the leader, and keeps the damaged copy for the
 * operator. The peer's epochs stay where they are: they must never go backwards.
 *
 * <p>Before anything moves, a mark file ({@code DATA/resync}) is made durable. While it exists, the
 * peer lost a log it may have acked from, so as a voter it abstains from every quorum until it has
 * synced with an established leader ({@link dev.coord.zab.Zab#abstainUntilSynced()}); the mark is
 * removed once it serves. A crash anywhere in between leaves the mark, so the peer abstains again at
 * its next start.
 *
 * <pre>
 *  resync                  present: this peer must sync from a leader before it may vote
 *  damaged-&lt;time&gt;/log/       the damaged log, as it was
 *  damaged-&lt;time&gt;/snapshots/ its snapshots
 *  damaged-&lt;time&gt;/purged     its purge mark
 * </pre>
 *
 * <p>Called at start, before the agent runs, and on the agent thread.
 */
final class DamagedData {
    private static final Logger LOG = LoggerFactory.getLogger(DamagedData.class);
    private static final String MARK = "resync";
    private static final List<String> MOVED = List.of("log", "snapshots", "purged");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private DamagedData() {
    }

    /** True if the peer of data directory {@code dir} must sync from a leader before it may vote. */
    static boolean mustResync(Path dir) {
        return Files.exists(dir.resolve(MARK));
    }

    /**
     * Durably marks {@code dir} as needing a resync, then moves its log, snapshots and purge mark into a
     * new {@code damaged-<time>} directory, and logs one WARN naming the cause (which names the file)
     * and the kept copy.
     *
     * @return the directory holding the damaged copy
     */
    static Path moveAside(Path dir, int peerId, RuntimeException cause) {
        try {
            Path mark = dir.resolve(MARK);
            try (FileChannel channel = FileChannel.open(mark, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(("damaged log: " + cause.getMessage() + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Fsync.directory(dir);
            Path kept = freshDirectory(dir, "damaged-" + STAMP.format(Instant.now()));
            for (String name : MOVED) {
                Path from = dir.resolve(name);
                if (Files.exists(from)) {
                    Files.move(from, kept.resolve(name));
                }
            }
            Fsync.directory(kept);
            Fsync.directory(dir);
            LOG.warn("Peer {} found its stored state damaged: {}. It kept the damaged copy in {} and starts empty, keeping its"
                    + " epochs; it gets the whole tree from the leader and, as a voter, counts toward no quorum until"
                    + " then. Safe as long as the other voters' logs are intact; remove the copy once it is not needed.",
                    peerId, cause.getMessage(), kept);
            return kept;
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("cannot move the damaged log of " + dir + " aside: " + e.getMessage(), e);
            failure.addSuppressed(cause);
            throw failure;
        }
    }

    /** Removes the mark once the peer has synced with a leader (its disk holds that leader's history). */
    static void synced(Path dir, int peerId) {
        try {
            if (Files.deleteIfExists(dir.resolve(MARK))) {
                Fsync.directory(dir);
                LOG.info("Peer {} has synced with the leader after its damaged log: it votes again", peerId);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the resync mark in " + dir, e);
        }
    }

    private static Path freshDirectory(Path dir, String base) throws IOException {
        for (int n = 0; ; n++) {
            Path candidate = dir.resolve(n == 0 ? base : base + "-" + n);
            if (!Files.exists(candidate)) {
                return Files.createDirectory(candidate);
            }
        }
    }
}
