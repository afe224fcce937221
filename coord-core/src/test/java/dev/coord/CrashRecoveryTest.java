package dev.coord;

import dev.coord.log.SnapshotStore;
import dev.coord.log.TxnLog;
import dev.coord.log.chronicle.ChronicleTxnLog;
import dev.coord.log.file.FileSnapshotStore;
import dev.coord.tree.DataNode;
import dev.coord.tree.DataTree;
import dev.coord.txn.TxnCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CrashRecoveryTest kills a writing peer with SIGKILL (kill -9) at random moments, again and again on
 * the same data directory, and checks after each kill that every write whose future had completed is
 * present, and that recovery from the newest snapshot and from the oldest retained one (or from an
 * empty tree) reach the same digest, so snapshots and log agree.
 */
class CrashRecoveryTest {
    private static final int KILLS = 20;

    @TempDir
    Path tmp;

    @Test
    void shouldKeepEveryAcknowledgedWriteAcrossTwentyKills() throws Exception {
        Path dataDir = tmp.resolve("data");
        Path acks = tmp.resolve("acks.txt");
        Files.createFile(acks);
        Random random = new Random(42);
        long nextSeq = 1;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = startWriter(dataDir, acks, nextSeq);
            try {
                awaitReady(child);
                long target = Files.size(acks) + 200 + random.nextInt(20_000);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (Files.size(acks) < target && child.isAlive() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    child.waitFor(random.nextInt(3) + 1, TimeUnit.MILLISECONDS);
                }
                assertThat(child.isAlive()).as("writer alive before kill %d", kill).isTrue();
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            List<String> acked = Files.readAllLines(acks, StandardCharsets.UTF_8);
            nextSeq = verify(dataDir, acked, kill) + 1;
        }
        try (Coordinator coord = Coordinator.builder().dataDir(dataDir).logBlockBytes(1 << 20).start()) {
            assertThat(coord.exists("/crash/counter")).isNotNull();
            assertThat(coord.exists("/crash/eph")).as("ephemeral of the killed run").isNull();
        }
    }

    /** Checks the directory after a kill; returns the highest sequence number seen anywhere. */
    private static long verify(Path dataDir, List<String> acked, int kill) {
        SnapshotStore snapshots = new FileSnapshotStore(dataDir.resolve("snapshots"));
        DataTree newest;
        DataTree fromOldest;
        try (TxnLog log = ChronicleTxnLog.open(dataDir.resolve("log"), ChronicleTxnLog.Options.defaults().withBlockSizeBytes(1 << 20))) {
            List<Long> zxids = snapshots.zxids();
            newest = replay(zxids.isEmpty() ? DataTree.empty() : snapshots.load(zxids.get(0)), log);
            // The log is purged only once snapshotsRetained (2) snapshots exist, and only up to the oldest.
            fromOldest = replay(zxids.size() < 2 ? DataTree.empty() : snapshots.load(zxids.get(zxids.size() - 1)), log);
        }
        assertThat(fromOldest.lastZxid()).as("after kill %d", kill).isEqualTo(newest.lastZxid());
        assertThat(fromOldest.digest()).as("digest after kill %d", kill).isEqualTo(newest.digest());
        long maxCounter = -1;
        long maxSeq = 0;
        for (String line : acked) {
            String[] parts = line.split(" ");
            if (parts.length != 2) {
                continue; // a line torn by the kill was never fully acknowledged
            }
            long n = Long.parseLong(parts[1]);
            maxSeq = Math.max(maxSeq, n);
            if (parts[0].equals("counter")) {
                maxCounter = Math.max(maxCounter, n);
            } else {
                DataNode node = newest.get("/crash/n-" + n);
                assertThat(node).as("acknowledged /crash/n-%d after kill %d", n, kill).isNotNull();
                assertThat(new String(node.copyData(), StandardCharsets.UTF_8)).isEqualTo(Long.toString(n));
            }
        }
        DataNode counter = newest.get("/crash/counter");
        assertThat(counter).as("counter after kill %d", kill).isNotNull();
        long value = Long.parseLong(new String(counter.copyData(), StandardCharsets.UTF_8));
        assertThat(value).as("counter is at least the last acknowledged value").isGreaterThanOrEqualTo(maxCounter);
        long[] highest = {Math.max(maxSeq, value)};
        newest.get("/crash").childNames().forEach(name -> {
            if (name.startsWith("n-")) {
                highest[0] = Math.max(highest[0], Long.parseLong(name.substring(2)));
            }
        });
        return highest[0];
    }

    private static DataTree replay(DataTree base, TxnLog log) {
        DataTree[] tree = {base};
        log.readAfter(base.lastZxid(), (zxid, buffer, offset, length) ->
                tree[0] = tree[0].apply(zxid, TxnCodec.decodeTime(buffer, offset, length),
                        TxnCodec.decode(buffer, offset, length)).tree());
        return tree[0];
    }

    private static Process startWriter(Path dataDir, Path acks, long firstSeq) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-XX:+IgnoreUnrecognized") || arg.startsWith("-Dchronicle")
                    || arg.startsWith("--enable-native") || arg.startsWith("--sun-misc")) {
                command.add(arg);
            }
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashWriter.class.getName());
        command.add(dataDir.toString());
        command.add(acks.toString());
        command.add(Long.toString(firstSeq));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void awaitReady(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("writer's first line").isEqualTo("ready");
    }
}
