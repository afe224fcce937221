package dev.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.log.LogCorruptedException;
import dev.coord.log.file.EpochFile;
import java.io.IOException;
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
 * CorruptEpochFileTest damages the epoch file of a stopped follower of a 3-peer ensemble and restarts
 * it. Its epochs cannot be rebuilt from its log, so it moves the damaged file aside into
 * {@code damaged-<time>/}, keeps its log, abstains until it has synced from the leader, and then holds
 * a fresh epoch file with the leader's epoch and every acknowledged write. With the option off it
 * refuses to start with one error naming the file and what to do.
 */
class CorruptEpochFileTest {
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

    /** Starts the ensemble, writes /n0../n29, kills a follower and flips a bit of its epoch file; returns its id. */
    private int damageAFollowersEpochFile(List<String> acknowledged) throws IOException {
        ensemble = new Ensemble(dir, 3, Set.of(), 1000).startAll();
        Ensemble.await(() -> ensemble.leader() > 0, Duration.ofSeconds(20), "a leader");
        Coordinator writer = ensemble.peers.get(ensemble.leader());
        for (int i = 0; i < 30; i++) {
            acknowledged.add(writer.create("/n" + i, value("n" + i), CreateMode.PERSISTENT));
        }
        int follower = ensemble.leader() == 1 ? 2 : 1;
        Coordinator f = ensemble.peers.get(follower);
        Ensemble.await(() -> f.exists("/n29") != null, Duration.ofSeconds(20), "the follower to apply /n29");
        ensemble.kill(follower);
        Path epochs = epochFile(follower);
        byte[] bytes = Files.readAllBytes(epochs);
        bytes[3] ^= 0x40;
        Files.write(epochs, bytes);
        return follower;
    }

    private Path epochFile(int peer) {
        return dir.resolve("peer" + peer).resolve("epochs");
    }

    private List<Path> damagedCopies(int peer) throws IOException {
        try (Stream<Path> entries = Files.list(dir.resolve("peer" + peer))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("damaged-")).toList();
        }
    }

    @Test
    void shouldResyncAFollowerWhoseEpochFileIsDamagedAndPersistTheLeadersEpoch() throws IOException {
        List<String> acknowledged = new ArrayList<>();
        int follower = damageAFollowersEpochFile(acknowledged);
        Coordinator writer = ensemble.peers.get(ensemble.leader());
        for (int i = 0; i < 10; i++) {
            acknowledged.add(writer.create("/later" + i, value("later" + i), CreateMode.PERSISTENT));
        }
        Path peerDir = dir.resolve("peer" + follower);

        ensemble.restart(follower);
        Coordinator back = ensemble.peers.get(follower);
        long last = writer.status().lastZxid();
        Ensemble.await(() -> back.status().lastZxid() >= last, Duration.ofSeconds(20), "the follower to sync");
        Ensemble.await(() -> !Files.exists(peerDir.resolve("resync")), Duration.ofSeconds(20), "the resync mark to go");
        for (String path : acknowledged) {
            assertThat(back.getData(path).data()).as(path).isEqualTo(value(path.substring(1)));
        }
        List<Path> kept = damagedCopies(follower);
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).resolve("epochs")).as("the damaged epoch file, kept").exists();
        assertThat(kept.get(0).resolve("log")).as("the log passed its checks and stays").doesNotExist();
        assertThat(peerDir.resolve("log")).isDirectory();
        EpochFile.Epochs fresh = new EpochFile(peerDir).read();
        long leaderEpoch = writer.status().epoch();
        assertThat(fresh.currentEpoch()).as("the leader's epoch, persisted").isEqualTo(leaderEpoch);
        assertThat(fresh.acceptedEpoch()).isEqualTo(leaderEpoch);
        assertThat(fresh.acceptedLeader()).isEqualTo(ensemble.leader());

        // A full member again: it survives a restart and the ensemble commits through it.
        ensemble.kill(follower);
        ensemble.restart(follower);
        Coordinator again = ensemble.peers.get(follower);
        again.create("/after", value("after"), CreateMode.PERSISTENT);
        assertThat(again.getData("/n7").data()).isEqualTo(value("n7"));
        assertThat(damagedCopies(follower)).hasSize(1);
    }

    @Test
    void shouldRefuseToStartNamingTheFileWithTheOptionOff() throws IOException {
        int follower = damageAFollowersEpochFile(new ArrayList<>());
        byte[] damaged = Files.readAllBytes(epochFile(follower));
        ensemble.configure(b -> b.resyncOnCorruptLog(false));
        assertThatThrownBy(() -> ensemble.restart(follower)).isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(epochFile(follower).toString())
                .hasMessageContaining("fails its checksum")
                .hasMessageContaining("create an empty file 'resync'");
        assertThat(damagedCopies(follower)).isEmpty();
        assertThat(Files.readAllBytes(epochFile(follower))).as("left as it was").isEqualTo(damaged);
        assertThat(dir.resolve("peer" + follower).resolve("resync")).doesNotExist();
    }
}
