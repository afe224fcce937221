package dev.coord.peer;

import dev.coord.tree.DataTree;
import dev.coord.transport.TcpTransport;
import dev.coord.transport.TcpTransportConfig;
import dev.coord.transport.Transport;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * PeerHost is what a replicated peer takes from its surroundings: time, the network, its disk, a
 * thread for log forces, one for snapshot writes and one per session for callbacks. {@link #system(Clock)} gives the real
 * ones (TCP, the data directory, threads); the deterministic simulator gives virtual ones, so that it
 * runs the very same peer code in one thread.
 */
public interface PeerHost {
    Clock clock();

    /** The transport to the ensemble's other peers. */
    Transport openTransport(PeerConfig config);

    /** The peer's log and snapshots, as they survived its last run. */
    Storage openStorage(PeerConfig config);

    /** Where the peer keeps its ZAB epochs. */
    EpochStore epochStore(PeerConfig config);

    /**
     * Runs the peer's log forces ({@link dev.coord.log.TxnLog.Force}) off the agent thread, one at a
     * time, so the agent goes on polling while the disk syncs; shut down when the peer stops.
     */
    ExecutorService logForcer(PeerConfig config);

    /** Runs snapshot writes off the agent thread; shut down when the peer stops. */
    ExecutorService snapshotWriter(PeerConfig config);

    /** A new queue for one session's callbacks. */
    CallbackQueue callbackQueue(String name);

    /**
     * Told, on the agent thread, of every transaction the peer commits and applies: its zxid, its log
     * payload and the tree after it. The real host ignores it; the simulator checks its invariants
     * with it. Must not throw unless the run is to stop.
     */
    default void committed(PeerConfig config, long zxid, byte[] payload, DataTree tree) {
    }

    /** The real host: TCP between peers, the configured data directory (or memory), threads. */
    static PeerHost system(Clock clock) {
        return new PeerHost() {
            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public Transport openTransport(PeerConfig config) {
                EnsembleConfig ensemble = config.ensemble();
                TcpTransportConfig tcp = TcpTransportConfig.builder()
                        .selfId(config.peerId())
                        .clusterName(ensemble.clusterName())
                        .peers(ensemble.members())
                        .maxFrameBytes(256 << 20)
                        .outboundQueueBytes(512 << 20)
                        .build();
                return new TcpTransport(tcp, new Random(config.peerId() * 31L + System.nanoTime()), ensemble.security());
            }

            @Override
            public Storage openStorage(PeerConfig config) {
                return Storage.open(config);
            }

            @Override
            public EpochStore epochStore(PeerConfig config) {
                return EpochStore.of(config);
            }

            @Override
            public ExecutorService logForcer(PeerConfig config) {
                return Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "coord-force-" + config.peerId());
                    t.setDaemon(true);
                    return t;
                });
            }

            @Override
            public ExecutorService snapshotWriter(PeerConfig config) {
                return Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "coord-snapshot-" + config.peerId());
                    t.setDaemon(true);
                    return t;
                });
            }

            @Override
            public CallbackQueue callbackQueue(String name) {
                return new SessionDispatcher(name);
            }
        };
    }
}
