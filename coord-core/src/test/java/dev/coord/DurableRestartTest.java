package dev.coord;

import dev.coord.log.LogCorruptedException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurableRestartTest {
    @TempDir
    Path dir;

    private Coordinator start(int snapshotEvery, int retained) {
        return Coordinator.builder().dataDir(dir).logBlockBytes(1 << 20)
                .snapshotEveryTxns(snapshotEvery).snapshotsRetained(retained).start();
    }

    private List<Path> snapshots() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("snapshots"))) {
            return files.filter(p -> !p.toString().endsWith(".tmp")).sorted().toList();
        }
    }

    @Test
    void shouldRecoverTheSameTreeAndDigestAfterRestart() {
        long digest;
        long zxid;
        try (Coordinator coord = start(1000, 3)) {
            coord.create("/a", "1".getBytes(), CreateMode.PERSISTENT);
            coord.create("/a/s-", null, CreateMode.PERSISTENT_SEQUENTIAL);
            coord.setData("/a", "2".getBytes(), 0);
            coord.create("/c", null, CreateMode.CONTAINER);
            coord.create("/c/x", null, CreateMode.PERSISTENT);
            digest = coord.status().digest();
            zxid = coord.status().lastZxid();
        }
        try (Coordinator coord = start(1000, 3)) {
            NodeData a = coord.getData("/a");
            assertThat(a.data()).containsExactly('2');
            assertThat(a.stat().version()).isEqualTo(1);
            assertThat(coord.getChildren("/a")).containsExactly("s-0000000000");
            assertThat(coord.status().lastZxid()).as("new epoch after restart").isGreaterThan(zxid);
            assertThat(coord.status().lastZxid() >>> 32).isEqualTo((zxid >>> 32) + 1);
            assertThat(digest).isNotZero();
        }
    }

    @Test
    void shouldFindNoEphemeralsOrSessionsOfAClosedRun() {
        try (Coordinator coord = start(1000, 3)) {
            coord.create("/e", null, CreateMode.EPHEMERAL);
            coord.create("/p", null, CreateMode.PERSISTENT);
        }
        // A run killed with its sessions open is covered by CrashRecoveryTest.
        try (Coordinator coord = start(1000, 3)) {
            assertThat(coord.exists("/e")).isNull();
            assertThat(coord.exists("/p")).isNotNull();
            assertThat(coord.status().sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldSnapshotAndPurgeKeepingTheRetainedCount() throws Exception {
        try (Coordinator coord = start(50, 2)) {
            coord.create("/n", null, CreateMode.PERSISTENT);
            for (int i = 0; i < 400; i++) {
                coord.setData("/n", Integer.toString(i).getBytes(), -1);
            }
            coord.sync("/");
        }
        List<Path> files = snapshots();
        assertThat(files).hasSizeBetween(1, 3);
        try (Coordinator coord = start(50, 2)) {
            assertThat(coord.getData("/n").data()).containsExactly("399".getBytes());
        }
    }

    @Test
    void shouldFallBackToAnOlderSnapshotWhenTheNewestIsCorrupt() throws Exception {
        try (Coordinator coord = start(20, 3)) {
            coord.create("/n", null, CreateMode.PERSISTENT);
            for (int i = 0; i < 100; i++) {
                coord.setData("/n", Integer.toString(i).getBytes(), -1);
            }
        }
        List<Path> files = snapshots();
        assertThat(files.size()).isGreaterThanOrEqualTo(2);
        flipAByte(files.get(files.size() - 1));
        try (Coordinator coord = start(20, 3)) {
            assertThat(coord.getData("/n").data()).containsExactly("99".getBytes());
        }
    }

    @Test
    void shouldRefuseToStartNamingTheFileWhenNoUsableSnapshotCoversThePurgedLog() throws Exception {
        try (Coordinator coord = start(20, 1)) {
            coord.create("/n", null, CreateMode.PERSISTENT);
            for (int i = 0; i < 100; i++) {
                coord.setData("/n", Integer.toString(i).getBytes(), -1);
            }
        }
        List<Path> files = snapshots();
        assertThat(files).hasSize(1);
        flipAByte(files.get(0));
        assertThatThrownBy(() -> start(20, 1)).isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(files.get(0).toString());
    }

    @Test
    void shouldRefuseASecondPeerOnTheSameDataDirectory() {
        try (Coordinator coord = start(1000, 3)) {
            assertThatThrownBy(() -> start(1000, 3)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir.toString());
            coord.create("/still-works", null, CreateMode.PERSISTENT);
        }
    }

    private static void flipAByte(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long at = raf.length() / 2;
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x5A);
        }
    }
}
