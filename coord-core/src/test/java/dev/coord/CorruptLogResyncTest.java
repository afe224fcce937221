package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.log.LogCorruptedException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CorruptLogResyncTest damages the log of a stopped follower of a 3-peer ensemble (a record corrupted
 * in the middle, or the file cut short) and restarts it: it moves its damaged state aside into
 * {@code damaged-<time>/}, keeps its epochs, starts empty, gets the leader's snapshot, and holds every
 * acknowledged write, each with its value (never the damaged one). With the option off it refuses to
 * start, as before.
 */
class CorruptLogResyncTest {
    @TempDir
    Path dir;
    private Ensemble ensemble;

    @AfterEach
    void cleanUp() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private static byte[] value(String name) {
        return ("value-of-" + name + "-end").getBytes(StandardCharsets.US_ASCII);
    }

    /** Starts the ensemble, writes /n0../n49 through the leader, and kills a follower; returns its id. */
    private int writeAndKillAFollower(List<String> acknowledged) throws IOException {
        // A small window: the leader syncs a follower that lost its log with a SNAP.
        ensemble = new Ensemble(dir, 3, Set.of(), 10).startAll();
        Ensemble.await(() -> ensemble.leader() > 0, Duration.ofSeconds(20), "a leader");
        int leader = ensemble.leader();
        Coordinator writer = ensemble.peers.get(leader);
        for (int i = 0; i < 50; i++) {
            acknowledged.add(writer.create("/n" + i, value("n" + i), CreateMode.PERSISTENT));
        }
        int follower = leader == 1 ? 2 : 1;
        Coordinator f = ensemble.peers.get(follower);
        Ensemble.await(() -> f.exists("/n49") != null, Duration.ofSeconds(20), "the follower to apply /n49");
        ensemble.kill(follower);
        return follower;
    }

    private Path cycleFile(int peer) throws IOException {
        return LogFileBytes.newestCycleFile(dir.resolve("peer" + peer).resolve("log"));
    }

    private static void corruptMiddleRecord(Path file) throws IOException {
        long at = LogFileBytes.find(Files.readAllBytes(file), "value-of-n20-end") + 3;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(~b);
        }
    }

    private List<Path> damagedCopies(int peer) throws IOException {
        try (Stream<Path> entries = Files.list(dir.resolve("peer" + peer))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("damaged-")).toList();
        }
    }

    private void assertResyncs(int follower, List<String> acknowledged, String damagedFile) throws IOException {
        byte[] epochsBefore = Files.readAllBytes(dir.resolve("peer" + follower).resolve("epochs"));
        // Writes while the follower is down: it must get them too.
        Coordinator writer = ensemble.peers.get(ensemble.leader());
        for (int i = 0; i < 20; i++) {
            acknowledged.add(writer.create("/later" + i, value("later" + i), CreateMode.PERSISTENT));
        }
        ensemble.restart(follower);
        Coordinator back = ensemble.peers.get(follower);
        // Its reads never show the damaged record: either absent (not synced yet) or the true value.
        long last = writer.status().lastZxid();
        Ensemble.await(() -> {
            Stat stat = back.exists("/n20");
            if (stat != null) {
                assertThat(back.getData("/n20").data()).isEqualTo(value("n20"));
            }
            return back.status().lastZxid() >= last;
        }, Duration.ofSeconds(20), "the follower to resync");
        for (String path : acknowledged) {
            String name = path.substring(1);
            assertThat(back.getData(path).data()).as(path).isEqualTo(value(name));
        }
        Path peerDir = dir.resolve("peer" + follower);
        List<Path> kept = damagedCopies(follower);
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).resolve("log").resolve(damagedFile)).exists();
        try (Stream<Path> snapshots = Files.list(peerDir.resolve("snapshots"))) {
            assertThat(snapshots.map(p -> p.getFileName().toString())).as("the leader's snapshot, installed")
                    .anyMatch(n -> n.startsWith("snapshot."));
        }
        Ensemble.await(() -> !Files.exists(peerDir.resolve("resync")), Duration.ofSeconds(20), "the resync mark to go");
        byte[] epochsAfter = Files.readAllBytes(peerDir.resolve("epochs"));
        assertThat(java.nio.ByteBuffer.wrap(epochsAfter).getLong()).as("accepted epoch never goes back")
                .isGreaterThanOrEqualTo(java.nio.ByteBuffer.wrap(epochsBefore).getLong());

        // It is a full member again: it survives a restart with an intact log, and the ensemble commits through it.
        ensemble.kill(follower);
        ensemble.restart(follower);
        Coordinator again = ensemble.peers.get(follower);
        acknowledged.add(again.create("/after", value("after"), CreateMode.PERSISTENT));
        assertThat(again.getData("/n20").data()).isEqualTo(value("n20"));
        assertThat(damagedCopies(follower)).hasSize(1);
    }

    @Test
    void shouldResyncAFollowerWhoseLogIsCorruptInTheMiddle() throws IOException {
        List<String> acknowledged = new ArrayList<>();
        int follower = writeAndKillAFollower(acknowledged);
        Path file = cycleFile(follower);
        corruptMiddleRecord(file);
        assertResyncs(follower, acknowledged, dir.resolve("peer" + follower).resolve("log").relativize(file).toString());
    }

    @Test
    void shouldResyncAFollowerWhoseLogIsCutShort() throws IOException {
        List<String> acknowledged = new ArrayList<>();
        int follower = writeAndKillAFollower(acknowledged);
        Path file = cycleFile(follower);
        int cut = LogFileBytes.find(Files.readAllBytes(file), "value-of-n20-end");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(cut);
        }
        assertResyncs(follower, acknowledged, dir.resolve("peer" + follower).resolve("log").relativize(file).toString());
    }

    @Test
    void shouldRefuseToStartWithTheOptionOff() throws IOException {
        List<String> acknowledged = new ArrayList<>();
        int follower = writeAndKillAFollower(acknowledged);
        Path file = cycleFile(follower);
        corruptMiddleRecord(file);
        ensemble.configure(b -> b.resyncOnCorruptLog(false));
        assertThatThrownBy(() -> ensemble.restart(follower)).isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(file.toString());
        assertThat(damagedCopies(follower)).isEmpty();
    }
}
