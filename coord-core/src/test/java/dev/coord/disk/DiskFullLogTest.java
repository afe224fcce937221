package dev.coord.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.Durability;
import dev.coord.log.NoSpaceException;
import dev.coord.log.chronicle.ChronicleTxnLog;
import dev.coord.log.file.FileSnapshotStore;
import dev.coord.log.file.MappedFaults;
import dev.coord.tree.DataTree;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DiskFullLogTest fills a real file system (a tmpfs, and a loop-mounted ext4 image) under the
 * transaction log and under the snapshot store: the failed write must be reported as NoSpaceException,
 * lose nothing written before it, leave no partial file, and succeed again once space is freed. Needs
 * root, and mkfs.ext4 for ext4 (skipped otherwise).
 */
class DiskFullLogTest {
    @TempDir
    Path parent;
    private TestFileSystem fs;

    @AfterEach
    void unmount() {
        if (fs != null) {
            fs.close();
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestFileSystem.Kind.class)
    void shouldRefuseAppendsWhileFullAndKeepEveryRecordOnceSpaceIsFreed(TestFileSystem.Kind kind) {
        fs = kind.mountAt(parent.resolve("fs"), 4096);
        fs.leaveFree("balloon", 1536L << 10);
        Path logDir = fs.dir().resolve("log");
        // Not zeros: a lost write of zeros into a hole would read back as written.
        byte[] payload = new byte[1000];
        Arrays.fill(payload, (byte) 0x5a);
        List<Long> appended = new ArrayList<>();
        try (ChronicleTxnLog log = ChronicleTxnLog.open(logDir, new ChronicleTxnLog.Options(Durability.FSYNC, 64 << 10))) {
            long zxid = 1;
            NoSpaceException full = null;
            while (full == null && zxid < 100_000) {
                try {
                    log.append(zxid, new UnsafeBuffer(payload), 0, payload.length);
                    appended.add(zxid);
                    zxid++;
                    if (zxid % 64 == 0) {
                        log.flush();
                    }
                } catch (NoSpaceException e) {
                    full = e;
                }
            }
            assertThat(full).as("the file system filled up").isNotNull();
            assertThat(full.getMessage()).contains("no space left in " + logDir);
            log.flush();
            assertThat(log.lastZxid()).isEqualTo(appended.get(appended.size() - 1));
            long failedZxid = zxid;
            assertThatThrownBy(() -> log.append(failedZxid, new UnsafeBuffer(payload), 0, payload.length))
                    .isInstanceOf(NoSpaceException.class);

            fs.deflate("balloon");
            for (int i = 0; i < 200; i++, zxid++) {
                log.append(zxid, new UnsafeBuffer(payload), 0, payload.length);
                appended.add(zxid);
            }
            log.flush();
        }
        try (ChronicleTxnLog reopened = ChronicleTxnLog.open(logDir, new ChronicleTxnLog.Options(Durability.FSYNC, 64 << 10))) {
            List<Long> read = new ArrayList<>();
            reopened.readAfter(0, (zxid, buffer, offset, length) -> read.add(zxid));
            assertThat(read).isEqualTo(appended);
        }
    }

    /**
     * A store that faulted raises its error inside the append that made it, never later in the code that
     * runs next (there, a peer could only stop). Zeros: a store of zeros lost into a hole reads back as
     * written, so only the JVM's pending error shows it. The disk fills up four times, for four chances.
     */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestFileSystem.Kind.class)
    void shouldRaiseAFaultedStoreInsideTheAppendThatMadeIt(TestFileSystem.Kind kind) {
        fs = kind.mountAt(parent.resolve("fs"), 8192);
        Path logDir = fs.dir().resolve("log");
        byte[] zeros = new byte[1000];
        try (ChronicleTxnLog log = ChronicleTxnLog.open(logDir, new ChronicleTxnLog.Options(Durability.FSYNC, 64 << 10))) {
            long zxid = 1;
            for (int round = 0; round < 4; round++) {
                fs.leaveFree("balloon", 1L << 20);
                for (int failed = 0; failed < 20; zxid++) {
                    assertThat(zxid).as("the file system filled up").isLessThan(100_000);
                    try {
                        log.append(zxid, new UnsafeBuffer(zeros), 0, zeros.length);
                    } catch (NoSpaceException e) {
                        failed++;
                    }
                    long appended = zxid;
                    assertThatCode(MappedFaults::raisePending).as("a fault left pending after the append of zxid %d", appended)
                            .doesNotThrowAnyException();
                }
                fs.deflate("balloon");
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestFileSystem.Kind.class)
    void shouldKeepThePreviousSnapshotAndLeaveNoPartialFileWhenASnapshotDoesNotFit(TestFileSystem.Kind kind) throws IOException {
        fs = kind.mountAt(parent.resolve("fs"), 2048);
        FileSnapshotStore store = new FileSnapshotStore(fs.dir().resolve("snapshots"));
        DataTree small = treeWith(1, 10);
        store.save(small);
        fs.leaveFree("balloon", 800L << 10);
        DataTree big = treeWith(11, 1000);

        assertThatThrownBy(() -> store.save(big)).isInstanceOf(NoSpaceException.class)
                .hasMessageContaining("no space left in " + fs.dir().resolve("snapshots"));

        try (Stream<Path> files = Files.list(fs.dir().resolve("snapshots"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("no partial file left").containsExactly(store.file(small.lastZxid()).getFileName().toString());
        }
        assertThat(store.zxids()).containsExactly(small.lastZxid());
        assertThat(store.load(small.lastZxid()).digest()).isEqualTo(small.digest());

        fs.deflate("balloon");
        store.save(big);
        assertThat(store.load(big.lastZxid()).digest()).isEqualTo(big.digest());
    }

    /** A tree of nodes /n1 .. /nK (K = last), each with 1 KiB of data, created from zxid {@code first}. */
    private static DataTree treeWith(int first, int last) {
        DataTree tree = DataTree.empty();
        for (int i = 1; i <= last; i++) {
            tree = tree.apply(i, 0, new Txn.Create("/n" + i, new byte[1024], NodeKind.PERSISTENT, false, 0, 0)).tree();
        }
        return tree;
    }
}
