package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.disk.TestFileSystem;
import dev.coord.log.chronicle.ChronicleTxnLog;
import dev.coord.log.file.FileSnapshotStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DiskFullEnsembleTest fills the disk of one follower of a 3-peer ensemble (its data directory is a
 * small tmpfs, and in a second run of each scenario a loop-mounted ext4 image): writes go on committing with
 * the other two, the full follower keeps applying commits and serving reads, and once space is freed it
 * writes what it skipped and its log on disk holds every transaction again, with no gap. Needs root, and
 * mkfs.ext4 for ext4 (skipped otherwise).
 */
class DiskFullEnsembleTest {
    @TempDir
    Path dir;
    private TestFileSystem fs;
    private Ensemble ensemble;

    @AfterEach
    void cleanUp() {
        try {
            if (ensemble != null) {
                ensemble.close();
            }
        } finally {
            if (fs != null) {
                fs.close();
            }
        }
    }

    private static boolean isDiskFull(Coordinator peer, int id) {
        return peer.status().members().stream().anyMatch(m -> m.id() == id && m.state().contains("disk full"));
    }

    private static boolean isOutOfTheEnsemble(Coordinator peer, int id) {
        return peer.status().members().stream().anyMatch(m -> m.id() == id && m.state().contains("out of the ensemble"));
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestFileSystem.Kind.class)
    void shouldCommitWithTheOtherTwoWhileAFollowersDiskIsFullAndLetItCatchUpAfterwards(TestFileSystem.Kind kind)
            throws Exception {
        int leader = startWithPeer1On(kind);
        Coordinator full = ensemble.peers.get(1);
        Coordinator writer = ensemble.peers.get(leader);
        fs.leaveFree("balloon", 3L << 20);

        byte[] data = new byte[1000];
        List<String> acknowledged = new ArrayList<>();
        writeUntilPeer1IsFull(writer, full, data, acknowledged);
        // The ensemble commits without the full follower; the follower applies and serves reads.
        for (int i = 0; i < 300; i++) {
            acknowledged.add(writer.create("/f" + i, data, CreateMode.PERSISTENT));
        }
        String last = acknowledged.get(acknowledged.size() - 1);
        Ensemble.await(() -> full.exists(last) != null, Duration.ofSeconds(20), "the full follower to apply the commits");
        assertThat(full.getData("/n0").data()).isEqualTo(data);
        assertThat(isDiskFull(full, 1)).isTrue();
        // A write through the full follower goes to the leader and commits too.
        acknowledged.add(full.create("/via-full", data, CreateMode.PERSISTENT));

        fs.deflate("balloon");
        Ensemble.await(() -> !isDiskFull(full, 1), Duration.ofSeconds(20), "peer 1 to log again");
        for (int i = 0; i < 50; i++) {
            acknowledged.add(writer.create("/a" + i, data, CreateMode.PERSISTENT));
        }
        // Status is refreshed at the end of an agent's turn: wait until both report the same zxid and digest.
        try {
            Ensemble.await(() -> full.status().lastZxid() == writer.status().lastZxid()
                    && full.status().digest() == writer.status().digest()
                    && full.exists(acknowledged.get(acknowledged.size() - 1)) != null,
                    Duration.ofSeconds(20), "peer 1 to catch up");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + full.status() + " vs " + writer.status(), e);
        }
        long lastZxid = full.status().lastZxid();
        for (String path : acknowledged) {
            assertThat(full.exists(path)).as(path).isNotNull();
        }

        assertKeptAfterRestart(lastZxid, acknowledged);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestFileSystem.Kind.class)
    void shouldLeaveTheEnsembleWhenANewEpochCannotBePersistedAndRejoinWhenSpaceReturns(TestFileSystem.Kind kind)
            throws Exception {
        int leader = startWithPeer1On(kind);
        int other = leader == 2 ? 3 : 2;
        Coordinator full = ensemble.peers.get(1);
        byte[] data = new byte[1000];
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            acknowledged.add(ensemble.peers.get(leader).create("/before" + i, data, CreateMode.PERSISTENT));
        }
        Ensemble.await(() -> full.exists("/before19") != null, Duration.ofSeconds(20), "peer 1 to apply the first writes");
        fs.inflate("balloon");
        writeUntilPeer1IsFull(ensemble.peers.get(leader), full, data, acknowledged);

        // A new epoch: peer 1 cannot persist it. It leaves the ensemble but stays up and serves reads;
        // the two others form the quorum once the old leader is back.
        ensemble.kill(leader);
        ensemble.restart(leader);
        Ensemble.await(() -> ensemble.peers.get(other).status().role() == Role.LEADING
                        || ensemble.peers.get(leader).status().role() == Role.LEADING,
                Duration.ofSeconds(30), "peers " + leader + " and " + other + " to elect a leader");
        Coordinator writer = ensemble.peers.get(ensemble.leader());
        Ensemble.await(() -> isOutOfTheEnsemble(full, 1), Duration.ofSeconds(30), "peer 1 to leave the ensemble");
        for (int i = 0; i < 100; i++) {
            acknowledged.add(writer.create("/during" + i, data, CreateMode.PERSISTENT));
        }
        Status out = full.status();
        assertThat(out.role()).as("peer 1 while its disk is full: %s", out).isEqualTo(Role.LOOKING);
        assertThat(isOutOfTheEnsemble(full, 1)).as("peer 1 reports why it is out: %s", out).isTrue();
        assertThat(full.getData("/before0").data()).as("peer 1 serves reads").isEqualTo(data);

        fs.deflate("balloon");
        for (int i = 0; i < 50; i++) {
            acknowledged.add(writer.create("/after" + i, data, CreateMode.PERSISTENT));
        }
        awaitCaughtUp(full, writer);
        long lastZxid = full.status().lastZxid();
        assertThat(full.status().role()).isEqualTo(Role.FOLLOWING);

        assertKeptAfterRestart(lastZxid, acknowledged);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestFileSystem.Kind.class)
    void shouldLeaveTheEnsembleWhenTheLeadersSnapshotDoesNotFitAndRejoinWhenSpaceReturns(TestFileSystem.Kind kind)
            throws Exception {
        int leader = startWithPeer1On(kind);
        Coordinator full = ensemble.peers.get(1);
        Coordinator writer = ensemble.peers.get(leader);
        byte[] data = new byte[1000];
        List<String> acknowledged = new ArrayList<>();
        fs.inflate("balloon");
        writeUntilPeer1IsFull(writer, full, data, acknowledged);

        // Cut off while the others commit more than the leader's window (50): the sync after the heal
        // is a snapshot (and a new epoch record), which does not fit on peer 1's disk.
        ensemble.partition(Set.of(1));
        Ensemble.await(() -> full.status().role() == Role.LOOKING, Duration.ofSeconds(30), "peer 1 to lose its leader");
        for (int i = 0; i < 200; i++) {
            acknowledged.add(writer.create("/cut" + i, data, CreateMode.PERSISTENT));
        }
        ensemble.heal();
        Ensemble.await(() -> isOutOfTheEnsemble(full, 1), Duration.ofSeconds(30), "peer 1 to leave the ensemble");
        for (int i = 0; i < 50; i++) {
            acknowledged.add(writer.create("/during" + i, data, CreateMode.PERSISTENT));
        }
        assertThat(full.status().role()).isEqualTo(Role.LOOKING);
        assertThat(isOutOfTheEnsemble(full, 1)).as("still out: %s", full.status()).isTrue();

        fs.deflate("balloon");
        for (int i = 0; i < 50; i++) {
            acknowledged.add(writer.create("/after" + i, data, CreateMode.PERSISTENT));
        }
        // Peer 1's own sessions may have expired while it was out; its tree is checked by digest here
        // and path by path after its restart.
        awaitCaughtUp(full, writer);
        long lastZxid = full.status().lastZxid();

        assertKeptAfterRestart(lastZxid, acknowledged);
    }

    /** Starts three peers, peer 1's data directory on a 12 MiB file system of {@code kind}; returns the leader (not peer 1). */
    /** Creates /n0, /n1, ... through {@code writer}, noting each acknowledged path, until peer 1 reports its disk full. */
    private static void writeUntilPeer1IsFull(Coordinator writer, Coordinator full, byte[] data, List<String> acknowledged) {
        for (int i = 0; !isDiskFull(full, 1); i++) {
            assertThat(i).as("peer 1's disk fills up").isLessThan(20_000);
            acknowledged.add(writer.create("/n" + i, data, CreateMode.PERSISTENT));
        }
    }

    private int startWithPeer1On(TestFileSystem.Kind kind) throws Exception {
        fs = kind.mountAt(dir.resolve("peer1"), 12288);
        ensemble = new Ensemble(dir, 3, Set.of(), 50).startAll();
        Ensemble.await(() -> ensemble.leader() > 0, Duration.ofSeconds(20), "a leader");
        int leader = ensemble.leader();
        assertThat(leader).as("peer 1 (on the test file system) must be a follower for this test").isNotEqualTo(1);
        return leader;
    }

    /**
     * Kills peer 1 and checks that its disk holds everything up to {@code lastZxid} without a gap,
     * then restarts it and checks that it holds every acknowledged path.
     */
    private void assertKeptAfterRestart(long lastZxid, List<String> acknowledged) {
        ensemble.kill(1);
        assertThat(onDisk(dir.resolve("peer1"))).as("peer 1's snapshot and log reach the last zxid without a gap")
                .isGreaterThanOrEqualTo(lastZxid);
        ensemble.restart(1);
        Coordinator restarted = ensemble.peers.get(1);
        Ensemble.await(() -> restarted.status().lastZxid() >= lastZxid, Duration.ofSeconds(20), "peer 1 after restart");
        for (String path : acknowledged) {
            assertThat(restarted.exists(path)).as(path + " after restart").isNotNull();
        }
    }

    /** Waits until {@code peer} reports the same last zxid and digest as {@code writer}. */
    private static void awaitCaughtUp(Coordinator peer, Coordinator writer) {
        try {
            // Status is refreshed at the end of an agent's turn: wait until both report the same zxid and digest.
            Ensemble.await(() -> peer.status().lastZxid() == writer.status().lastZxid()
                    && peer.status().digest() == writer.status().digest(), Duration.ofSeconds(30), "the peer to catch up");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + peer.status() + " vs " + writer.status(), e);
        }
    }

    /**
     * Reads a stopped peer's newest snapshot and log, checks that the log's zxids after the snapshot
     * follow it one by one (one epoch, no gap), and returns the last zxid they reach.
     */
    private static long onDisk(Path dataDir) {
        FileSnapshotStore snapshots = new FileSnapshotStore(dataDir.resolve("snapshots"));
        long base = snapshots.zxids().isEmpty() ? 0 : snapshots.zxids().get(0);
        if (base > 0) {
            assertThat(snapshots.load(base).lastZxid()).isEqualTo(base);
        }
        long[] next = {-1};
        try (ChronicleTxnLog log = ChronicleTxnLog.open(dataDir.resolve("log"), ChronicleTxnLog.Options.defaults()
                .withBlockSizeBytes(1 << 20))) {
            long[] previous = {base};
            log.readAfter(base, (zxid, buffer, offset, length) -> {
                if (previous[0] != 0 && (previous[0] >>> 32) == (zxid >>> 32)) {
                    assertThat(zxid).as("the zxid after 0x%x", previous[0]).isEqualTo(previous[0] + 1);
                }
                previous[0] = zxid;
            });
            next[0] = previous[0];
        }
        return next[0];
    }
}
