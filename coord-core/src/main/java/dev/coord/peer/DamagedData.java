package dev.coord.peer;

import dev.coord.log.LogCorruptedException;
import dev.coord.log.file.EpochFile;
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
 * <p>A damaged epoch file ({@link #epochsAtStart}) is treated the same way, not as a reason to refuse
 * to start. The accepted and current epochs cannot be rebuilt from the log (a peer may have accepted
 * an epoch, or acked a NEWLEADER, of which it logged nothing), so the peer must not vote or ack as if
 * it knew them. It does not need to: the mark makes it abstain, and an abstaining voter only joins a
 * leader elected by a quorum of the other, intact voters. Such a leader holds, as its own epochs, at
 * least every epoch a quorum ever established (its electing quorum intersects each establishing
 * quorum in an intact voter, and the vote compares current epochs first), so the epoch it leads is
 * newer than all of them, whatever this peer reports (it reports epoch 0). The peer takes that epoch as
 * accepted on LEADERINFO and as current on NEWLEADER, each persisted in a fresh epoch file before it
 * answers, and only then serves and votes again. Its log, which passed its checks, stays: the leader
 * syncs it with a DIFF, a TRUNC or a SNAP like any other.
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
 *  damaged-&lt;time&gt;/epochs     a damaged epoch file (moved alone: the log stays)
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
        Path kept = markAndMove(dir, MOVED, "damaged log: ", cause);
        LOG.warn("Peer {} found its stored state damaged: {}. It kept the damaged copy in {} and starts empty, keeping its"
                + " epochs; it gets the whole tree from the leader and, as a voter, counts toward no quorum until"
                + " then. Safe as long as the other voters' logs are intact; remove the copy once it is not needed.",
                peerId, cause.getMessage(), kept);
        return kept;
    }

    /**
     * The epochs a replicated peer starts with: those of its epoch file if it reads well. If it is
     * damaged and the peer resyncs on damage ({@link Storage#resyncsOnDamage}): durably marks the data
     * directory as needing a resync, moves the damaged file into a new {@code damaged-<time>}
     * directory, logs one WARN, and returns zeros, as if the file were absent: the peer knows no epoch
     * (the epoch of its last logged zxid would be no safer: an accepted epoch equal to a leader's offer
     * but from an unknown leader would make it refuse that leader for ever). It then abstains, see the
     * type's comment; a crash before it has synced leaves the mark and no file, so it starts the same
     * way again. With the option off, the peer refuses to start with one {@link LogCorruptedException}
     * naming the file and what to do, and changes nothing.
     */
    static EpochFile.Epochs epochsAtStart(EpochStore store, PeerConfig config) {
        try {
            return store.read();
        } catch (LogCorruptedException e) {
            if (!Storage.resyncsOnDamage(config)) {
                throw new LogCorruptedException(e.getMessage() + ". The peer cannot vote without them and does not start"
                        + " (resyncOnCorruptLog is off). Restore the file from a backup, or, while the other voters hold a"
                        + " quorum, delete it and create an empty file 'resync' beside it: the peer then counts toward no"
                        + " quorum until it has synced from the leader", e);
            }
            Path dir = config.dataDir();
            Path kept = markAndMove(dir, List.of(new EpochFile(dir).file().getFileName().toString()), "damaged epochs: ", e);
            LOG.warn("Peer {} found its epoch file damaged: {}. It kept the damaged file in {} and starts knowing no epoch,"
                    + " keeping its log; as a voter it counts toward no quorum until it has synced from a leader elected"
                    + " without it and has persisted that leader's epoch.", config.peerId(), e.getMessage(), kept);
            return new EpochFile.Epochs(0, 0, 0);
        }
    }

    /**
     * Makes the mark durable, naming {@code cause}, then moves the {@code names} that exist in
     * {@code dir} into a new {@code damaged-<time>} directory.
     */
    private static Path markAndMove(Path dir, List<String> names, String what, RuntimeException cause) {
        try {
            Path mark = dir.resolve(MARK);
            try (FileChannel channel = FileChannel.open(mark, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(java.nio.ByteBuffer.wrap((what + cause.getMessage() + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Fsync.directory(dir);
            Path kept = freshDirectory(dir, "damaged-" + STAMP.format(Instant.now()));
            for (String name : names) {
                Path from = dir.resolve(name);
                if (Files.exists(from)) {
                    Files.move(from, kept.resolve(name));
                }
            }
            Fsync.directory(kept);
            Fsync.directory(dir);
            return kept;
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("cannot move the damaged data of " + dir + " aside: " + e.getMessage(), e);
            failure.addSuppressed(cause);
            throw failure;
        }
    }

    /** Removes the mark once the peer has synced with a leader (its disk holds that leader's history). */
    static void synced(Path dir, int peerId) {
        try {
            if (Files.deleteIfExists(dir.resolve(MARK))) {
                Fsync.directory(dir);
                LOG.info("Peer {} has synced with the leader after its damaged data: it votes again", peerId);
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
