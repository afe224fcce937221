package dev.coord.peer;

import dev.coord.Status;
import dev.coord.log.chronicle.ChronicleTxnLog;
import dev.coord.metrics.ConnectionStats;
import dev.coord.metrics.LatencyStats;
import dev.coord.metrics.LearnerStats;
import dev.coord.metrics.LogHistogram;
import dev.coord.metrics.PeerMetrics;
import dev.coord.metrics.SessionSummary;
import dev.coord.metrics.WatchSummary;
import dev.coord.tree.DataTree;
import dev.coord.tree.WatchTable;
import dev.coord.zab.Zab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * PeerFigures gathers one peer's metrics. The agent thread records request latencies (no allocation)
 * and, once per tick, {@link #publish publishes} the figures only it can read (watches, its sessions,
 * traffic, learners) as one immutable value; any thread then assembles a {@link PeerMetrics} from that
 * value, the latency histograms, the published tree and the data directory, without waiting for the
 * agent. Tree and disk sizes cost a walk, so they are recomputed at most once a second.
 *
 * <p>Thread-safe.
 */
final class PeerFigures {
    private static final long REFRESH_NS = TimeUnit.SECONDS.toNanos(1);

    private final PeerConfig config;
    private final LogHistogram requestNs = new LogHistogram();
    private final Storage storage;
    private volatile Gauges gauges = new Gauges(0, 0, 0, List.of(), List.of());
    private volatile TreeSizes treeSizes;
    private volatile DiskSizes diskSizes;

    /** Gauges are the figures the agent thread publishes each tick. */
    record Gauges(int watchCount, int localSessionCount, int outstandingRequests, List<ConnectionStats> connections,
                  List<LearnerStats> learners) {
    }

    private record TreeSizes(DataTree tree, long atNs, long ephemerals, long dataBytes) {
    }

    private record DiskSizes(long atNs, long logBytes, long snapshotBytes) {
    }

    PeerFigures(PeerConfig config, Storage storage) {
        this.config = config;
        this.storage = storage;
    }

    /** Where the agent records each request's time from submission to completion. */
    LogHistogram requestLatency() {
        return requestNs;
    }

    /**
     * Publishes what the agent sees now (agent thread): the watch count, its sessions' count and
     * outstanding requests, the traffic and, for a leader, its learners.
     */
    void publish(WatchTable<?> watches, Iterable<ClientSession> localSessions, List<ConnectionStats> connections,
                 List<LearnerStats> learners) {
        int sessions = 0;
        int outstanding = 0;
        for (ClientSession s : localSessions) {
            sessions++;
            outstanding += s.outstanding();
        }
        gauges = new Gauges(watches.size(), sessions, outstanding, connections, learners);
    }

    /** The metrics as of now, from {@code status} and the published {@code tree}. Any thread. */
    PeerMetrics metrics(Status status, DataTree tree) {
        Gauges g = gauges;
        TreeSizes t = treeSizes(tree);
        DiskSizes d = diskSizes();
        return new PeerMetrics(status.peerId(), status.role(), status.leaderId(), status.epoch(), status.lastZxid(),
                g.outstandingRequests(), requestNs.snapshot(), forceLatency(),
                tree.nodeCount(), g.watchCount(), t.ephemerals(), tree.sessionCount(), g.localSessionCount(),
                t.dataBytes(), d.logBytes(), d.snapshotBytes(), g.connections(), g.learners());
    }

    private TreeSizes treeSizes(DataTree tree) {
        TreeSizes cached = treeSizes;
        long nowNs = System.nanoTime();
        if (cached != null && (cached.tree() == tree || nowNs - cached.atNs() < REFRESH_NS)) {
            return cached;
        }
        long[] ephemerals = {0};
        tree.forEachSession((id, info) -> ephemerals[0] += tree.ephemerals(id).size());
        long[] bytes = {0};
        tree.forEachNodeDepthFirst((path, node) -> bytes[0] += path.length() + node.stat().dataLength());
        TreeSizes fresh = new TreeSizes(tree, nowNs, ephemerals[0], bytes[0]);
        treeSizes = fresh;
        return fresh;
    }

    private DiskSizes diskSizes() {
        DiskSizes cached = diskSizes;
        long nowNs = System.nanoTime();
        if (cached != null && nowNs - cached.atNs() < REFRESH_NS) {
            return cached;
        }
        DiskSizes fresh = config.inMemory() ? new DiskSizes(nowNs, 0, 0)
                : new DiskSizes(nowNs, bytesUnder(config.dataDir().resolve("log")),
                        bytesUnder(config.dataDir().resolve("snapshots")));
        diskSizes = fresh;
        return fresh;
    }

    /** The apparent size of the files under {@code dir}; files deleted meanwhile (a purge) count 0. */
    private static long bytesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            long total = 0;
            for (Path p : (Iterable<Path>) files::iterator) {
                total += sizeOf(p);
            }
            return total;
        } catch (IOException | UncheckedIOException e) {
            // A directory purged while we walked it: report what is left at the next refresh.
            return 0;
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            // Deleted meanwhile (NoSuchFileException) or unreadable: it holds nothing we can count.
            return 0;
        }
    }

    /** What a peer, if it leads, knows of each learner: state, acknowledged zxid and lag. Agent thread. */
    static List<LearnerStats> learnerStats(Zab zab, EnsembleConfig ensemble) {
        Map<Integer, String> states = zab.learnerStates();
        if (states.isEmpty()) {
            return List.of();
        }
        Map<Integer, Long> acked = zab.learnerAckedZxids();
        long last = zab.lastZxid();
        List<LearnerStats> stats = new ArrayList<>(states.size());
        for (Map.Entry<Integer, String> e : states.entrySet()) {
            Long ack = acked.get(e.getKey());
            long lag = ack == null ? -1 : (ack >>> 32) == (last >>> 32) ? Math.max(0, last - ack) : last & 0xFFFF_FFFFL;
            stats.add(new LearnerStats(e.getKey(), !ensemble.observers().contains(e.getKey()), e.getValue(),
                    ack == null ? -1 : ack, lag));
        }
        return stats;
    }

    /** The live sessions of {@code tree}, those of {@code local} marked with their state (agent thread). */
    static List<SessionSummary> sessions(DataTree tree, Map<Long, ClientSession> local) {
        List<SessionSummary> sessions = new ArrayList<>(tree.sessionCount());
        tree.forEachSession((id, info) -> {
            ClientSession mine = local.get(id);
            sessions.add(new SessionSummary(id, info.timeoutMs(), info.ownerPeerId(), mine != null,
                    mine == null ? null : mine.state().name(), tree.ephemerals(id).toList()));
        });
        sessions.sort(java.util.Comparator.comparingLong(SessionSummary::sessionId));
        return sessions;
    }

    /** The watches of {@code table}, sorted by path, kind and session (agent thread). */
    static List<WatchSummary> watches(WatchTable<?> table) {
        List<WatchSummary> listed = new ArrayList<>(table.size());
        for (WatchTable.Listed w : table.list()) {
            listed.add(new WatchSummary(w.path(), w.kind(), w.sessionId()));
        }
        return listed;
    }

    /** The force latencies of the log the peer has open now (it may reopen its log, see Storage#reopenLog). */
    private LatencyStats forceLatency() {
        return storage.logIfOpen() instanceof ChronicleTxnLog chronicle ? chronicle.forceLatency().snapshot() : LatencyStats.EMPTY;
    }
}
