package dev.coord.disk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.CreateMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DiskFullStandaloneTest runs a standalone peer whose data directory is a small file system (a tmpfs,
 * and a loop-mounted ext4 image): once the log cannot grow, writes fail with DISK_FULL while reads go
 * on; after space is freed the peer takes writes again by itself, and after a restart every
 * acknowledged write is there. Needs root, and mkfs.ext4 for ext4 (skipped otherwise).
 */
class DiskFullStandaloneTest {
    @TempDir
    Path parent;
    private TestFileSystem fs;

    @AfterEach
    void unmount() {
        if (fs != null) {
            fs.close();
        }
    }

    private Coordinator start() {
        return Coordinator.builder().dataDir(fs.dir().resolve("data")).logBlockBytes(64 << 10)
                .tick(Duration.ofMillis(20)).snapshotEveryTxns(1_000_000).start();
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestFileSystem.Kind.class)
    void shouldRefuseWritesWhileTheDiskIsFullServeReadsAndResumeByItself(TestFileSystem.Kind kind) {
        fs = kind.mountAt(parent.resolve("fs"), 6144);
        fs.leaveFree("balloon", 3L << 20);
        List<String> acknowledged = new ArrayList<>();
        byte[] data = new byte[1000];
        try (Coordinator coord = start()) {
            CoordException refused = null;
            for (int i = 0; refused == null && i < 100_000; i++) {
                try {
                    acknowledged.add(coord.create("/n" + i, data, CreateMode.PERSISTENT));
                } catch (CoordException e) {
                    refused = e;
                }
            }
            assertThat(refused).as("a write refused once the disk is full").isInstanceOf(CoordException.DiskFullException.class);
            assertThat(refused.code()).isEqualTo(CoordException.Code.DISK_FULL);
            assertThat(refused.getMessage()).contains("no space left in").contains("resumes by itself");
            assertThat(acknowledged).isNotEmpty();

            // Reads still work, and a write stays refused while the disk is full.
            assertThat(coord.getData(acknowledged.get(0)).data()).isEqualTo(data);
            assertThat(coord.getChildren("/")).hasSize(acknowledged.size());
            try {
                coord.setData(acknowledged.get(0), new byte[10], -1);
                throw new AssertionError("a write succeeded on a full disk");
            } catch (CoordException.DiskFullException expected) {
                // as it should
            }

            fs.deflate("balloon");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String resumed = null;
            while (resumed == null) {
                try {
                    resumed = coord.create("/after", data, CreateMode.PERSISTENT);
                } catch (CoordException.DiskFullException e) {
                    assertThat(System.nanoTime()).as("the peer resumes after space is freed").isLessThan(deadline);
                    Thread.onSpinWait();
                }
            }
            acknowledged.add(resumed);
            for (int i = 0; i < 100; i++) {
                acknowledged.add(coord.create("/m" + i, data, CreateMode.PERSISTENT));
            }
        }
        try (Coordinator coord = start()) {
            for (String path : acknowledged) {
                assertThat(coord.exists(path)).as(path + " after restart").isNotNull();
            }
            assertThat(coord.getChildren("/")).hasSize(acknowledged.size());
        }
    }
}
