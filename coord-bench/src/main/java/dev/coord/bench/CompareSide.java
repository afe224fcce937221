package dev.coord.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * CompareSide is one of the two systems {@link Compare} measures (ZooKeeper or Coord): each method
 * starts the processes it needs under {@code settings.dir()}, measures, and stops every one of them
 * (also when it fails). Figures are keyed by the names {@link Compare} prints.
 */
interface CompareSide {
    /** What every part of a run shares: {@code seconds} per measurement, {@code warmup} seconds of warm-up per workload. */
    record Settings(Path dir, Path logDir, double seconds, double warmup, Duration sessionTimeout, List<String> jvmFlags) {
    }

    /** The side's name in the table. */
    String name();

    /**
     * One round on a fresh ensemble of {@code n}: {@link CompareWorkload}'s write and read figures from
     * a client on a follower, then lock cycles/s with 1 and 8 sessions ({@code lock.1}, {@code lock.8}).
     */
    Map<String, Double> dataRound(int n) throws Exception;

    /**
     * Fault trials on a fresh ensemble of {@code n} (at least 3): {@code failover.s} (kill -9 of the
     * leader to the first successful write on a follower's client), {@code ephemeral.close.s} and
     * {@code ephemeral.kill.s} (a holder's session closed, or its process killed, to a watcher on the
     * client's server seeing its ephemeral gone). Trials that could not run are NaN, with a note.
     */
    Map<String, List<Double>> faults(int n, int trials) throws Exception;

    /**
     * One server or peer (standalone) holding {@code znodes} znodes of 100 bytes: heap after a forced
     * GC before and after (after {@link Compare#SETTLE_UPDATES} small setData too) ({@code heap.empty.bytes}, {@code heap.full.bytes}, {@code heap.per.znode});
     * then, once the tree is in a snapshot and {@code updates} setData are logged after it, the time from
     * starting the process after a kill -9 until it serves ({@code recovery.s}).
     */
    Map<String, Double> memoryAndRecovery(int znodes, int updates) throws Exception;
}
