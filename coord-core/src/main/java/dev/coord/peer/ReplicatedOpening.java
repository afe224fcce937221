package dev.coord.peer;

import dev.coord.log.LogCorruptedException;
import dev.coord.log.file.EpochFile;
import dev.coord.transport.ConnectionListener;
import dev.coord.zab.History;
import dev.coord.zab.Zab;
import dev.coord.zab.ZabConfig;

/**
 * ReplicatedOpening brings a replicated peer up from what its data directory holds: it opens the
 * storage, recovers the committed tree and the logged history (moving a damaged log and snapshots
 * aside and starting empty when the configuration lets it, see {@link DamagedData}), builds the agent
 * over them, and builds its ZAB state machine over that history and the durable epochs. The state
 * machine is built the same way again when the peer rejoins after a disk-full outage
 * ({@link SpaceOutage}), as a restart would.
 *
 * <p>{@link #open} runs on the thread that opens the peer, before its duty cycle begins;
 * {@link #newZab} then runs only on the peer's agent thread. Invariant: storage opened here is closed
 * again if no agent could be built over it.
 */
final class ReplicatedOpening {
    private ReplicatedOpening() {
    }

    /** Opens storage, recovers the committed tree and the logged history, and builds the agent (not started). */
    static ReplicatedAgent open(PeerConfig config, PeerHost host) {
        Storage storage = host.openStorage(config);
        ReplicatedAgent agent;
        try {
            Recovery.Replicated recovered;
            try {
                recovered = Recovery.recoverReplicated(storage, config.ensemble().committedLogWindow());
            } catch (LogCorruptedException e) {
                if (!Storage.resyncsOnDamage(config)) {
                    throw e;
                }
                storage = storage.afterDamage(config, e);
                recovered = Recovery.recoverReplicated(storage, config.ensemble().committedLogWindow());
            }
            agent = new ReplicatedAgent(config, host, storage, recovered);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        agent.transport.addConnectionListener(new ConnectionListener() {
            @Override
            public void onConnected(int peerId) {
            }

            @Override
            public void onDisconnected(int peerId) {
                agent.zab.onDisconnected(peerId, agent.monoMs());
            }
        });
        return agent;
    }

    /**
     * A state machine over {@code history} and the epochs {@code e}, abstaining if this peer lost data
     * it may have acked (its resync mark is present, see {@link DamagedData}); not started.
     */
    static Zab newZab(PeerConfig config, History history, EpochFile.Epochs e) {
        EnsembleConfig ensemble = config.ensemble();
        ZabConfig zabConfig = new ZabConfig(config.peerId(), ensemble.voters(), ensemble.observers(), config.tickMs(),
                ensemble.initLimitTicks(), ensemble.syncLimitTicks(), Math.min(50, config.tickMs()), ensemble.committedLogWindow());
        Zab machine = new Zab(zabConfig, e.acceptedEpoch(), e.acceptedLeader(), e.currentEpoch(), history);
        if (!config.inMemory() && DamagedData.mustResync(config.dataDir())) {
            machine.abstainUntilSynced();
        }
        return machine;
    }
}
