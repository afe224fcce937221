package dev.coord.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.Durability;
import dev.coord.log.NoSpaceException;
import dev.coord.log.chronicle.ChronicleTxnLog;
import dev.coord.log.file.FileSnapshotStore;
import dev.coord.tree.DataTree;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DiskFullLogTest fills a real (tmpfs) file system under the transaction log and under the snapshot
 * store: the failed write must be reported as NoSpaceException, lose nothing written before it, leave
 * no partial file, and succeed again once space is freed. Needs root (skipped otherwise).
 */
class DiskFullLogTest {
    @TempDir
    Path parent;
    private Tmpfs tmpfs;

    @AfterEach
    void unmount() {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void shouldRefuseAppendsWhileFullAndKeepEveryRecordOnceSpaceIsFreed() {
        tmpfs = Tmpfs.mount(parent, 4096);
        tmpfs.inflate("balloon", 2560L << 10);
        Path logDir = tmpfs.dir().resolve("log");
        byte[] payload = new byte[1000];
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

            tmpfs.deflate("balloon");
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

    @Test
    void shouldKeepThePreviousSnapshotAndLeaveNoPartialFileWhenASnapshotDoesNotFit() throws IOException {
        tmpfs = Tmpfs.mount(parent, 2048);
        FileSnapshotStore store = new FileSnapshotStore(tmpfs.dir().resolve("snapshots"));
        DataTree small = treeWith(1, 10);
        store.save(small);
        tmpfs.inflate("balloon", 1200L << 10);
        DataTree big = treeWith(11, 1000);

        assertThatThrownBy(() -> store.save(big)).isInstanceOf(NoSpaceException.class)
                .hasMessageContaining("no space left in " + tmpfs.dir().resolve("snapshots"));

        try (Stream<Path> files = Files.list(tmpfs.dir().resolve("snapshots"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("no partial file left").containsExactly(store.file(small.lastZxid()).getFileName().toString());
        }
        assertThat(store.zxids()).containsExactly(small.lastZxid());
        assertThat(store.load(small.lastZxid()).digest()).isEqualTo(small.digest());

        tmpfs.deflate("balloon");
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
