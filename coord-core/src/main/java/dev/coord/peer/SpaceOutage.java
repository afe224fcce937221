package dev.coord.peer;

import dev.coord.log.file.DiskSpace;
import dev.coord.log.file.EpochFile;
import dev.coord.tree.DataTree;
import dev.coord.zab.History;
import dev.coord.zab.PeerState;
import dev.coord.zab.Zab;
import dev.coord.zab.ZabAction;
import dev.coord.zab.Zxid;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SpaceOutage is a replicated peer's time out of the ensemble after one of ZAB's sync steps could not
 * be written for lack of space: persisting new epochs, truncating the log to the leader's history,
 * installing the leader's snapshot (or its purge mark). Unlike a log append, which the peer may
 * simply skip and write later ({@link LogAppends}), such a step is a promise ZAB has already made in
 * memory (its epochs, its history), and the messages it emitted after it assume it is durable.
 *
 * <p>So the peer does what a crash would do, without stopping: it drops ZAB's pending actions and its
 * state machine, cuts itself off from the other peers (it neither sends nor takes a ZAB message) and
 * waits. Its committed tree stays published: local reads go on, and sessions are suspended as when a
 * leader is lost. Once {@link DiskSpace#RESUME_FREE_BYTES} are usable again, it reopens its log, builds
 * a new state machine from what its disk holds (the epochs file, the log, its newest snapshot) exactly
 * as a restart would, and looks for a leader again. Everything it acked is on its disk, so the
 * protocol sees nothing but a peer that crashed and restarted.
 *
 * <p>It carries out both transitions on its agent's state ({@link #leave}, {@link #rejoin}): the state
 * machine and the log appends it replaces remain owned by the agent thread, the only one that calls
 * this class.
 */
final class SpaceOutage {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceOutage.class);

    private final ReplicatedAgent agent;
    private final PeerConfig config;
    // Invariant: null unless the peer is out of the ensemble for lack of space.
    private String step;

    SpaceOutage(ReplicatedAgent agent) {
        this.agent = agent;
        this.config = agent.config;
    }

    /** True if {@code failure} of a write to this peer's data directory says its file system is full. */
    boolean isCausedBy(RuntimeException failure) {
        return !config.inMemory() && DiskSpace.isNoSpace(failure, config.dataDir());
    }

    /**
     * A sync step ({@code step}) could not be written for lack of space: drops the state machine and
     * what it still had to do, and waits out of the ensemble, serving reads (see the class comment).
     */
    void leave(String step, RuntimeException cause) {
        begin(step, cause, agent.published().lastZxid());
        Zab zab = agent.zab;
        // Never started, it only stands in (for the status) until the peer rejoins: it reads nothing from disk.
        agent.zab = ReplicatedOpening.newZab(config, History.empty(config.ensemble().committedLogWindow()),
                new EpochFile.Epochs(zab.acceptedEpoch(), zab.leaderId(), zab.currentEpoch()));
        agent.onRoleChanged(new ZabAction.RoleChanged(PeerState.LOOKING, -1, agent.zab.currentEpoch(), false,
                "disk full: " + directory()));
    }

    /** Ends an outage once no snapshot is being written and the disk takes the peer's state again. */
    void rejoin(long nowMs) {
        if (agent.snapshots.isRunning()) {
            return;
        }
        Storage storage = agent.storage;
        DataTree published = agent.published();
        Recovery.Replicated recovered = recover(storage, published);
        if (recovered == null) {
            return;
        }
        if (recovered.tree() != published) {
            agent.actions.jumpTo(recovered.tree()); // a snapshot install that got as far as saving the snapshot
        }
        agent.appends = new LogAppends(config.peerId(), storage, agent.snapshots);
        agent.zab = agent.newZab(recovered.history());
        end(storage.log().lastZxid(), agent.published().lastZxid());
        agent.zab.start(nowMs);
        agent.actions.run();
    }

    /** Starts an outage: {@code step} (what could not be written) failed with {@code cause}. */
    private void begin(String step, RuntimeException cause, long treeZxid) {
        this.step = step;
        LOG.error("Peer {} cannot {} for lack of space in {}: it leaves the ensemble until {} MiB are free there, "
                        + "serving reads of its tree at {} meanwhile, and then rejoins from its data directory ({})",
                config.peerId(), step, config.dataDir(), DiskSpace.RESUME_FREE_BYTES >> 20, Zxid.hex(treeZxid),
                cause.toString());
    }

    /** True while the peer is out of the ensemble. */
    boolean isActive() {
        return step != null;
    }

    /** The full directory while the peer is out, else null (for its status). */
    String directory() {
        return step == null ? null : config.dataDir().toString();
    }

    /** True once the outage may end: enough space is usable again. */
    boolean spaceIsBack() {
        return step != null && DiskSpace.usableBytes(config.dataDir()) >= DiskSpace.RESUME_FREE_BYTES;
    }

    /**
     * Rebuilds the peer's state from its disk as a restart would, after reopening its log: the
     * recovered tree and history. The committed tree never goes back: if {@code tree} is newer than
     * what the disk recovers, it is returned as the committed tree with the log after it as the
     * history, first written as a snapshot if the log lacks some of its commits (appends skipped
     * while full). Returns null, staying out, if that snapshot does not fit yet.
     */
    private Recovery.Replicated recover(Storage storage, DataTree tree) {
        int window = config.ensemble().committedLogWindow();
        storage.reopenLog(config);
        Recovery.Replicated recovered = Recovery.recoverReplicated(storage, window);
        if (recovered.tree().lastZxid() >= tree.lastZxid()) {
            return recovered.tree().lastZxid() == tree.lastZxid() ? new Recovery.Replicated(tree, recovered.history()) : recovered;
        }
        if (storage.log().lastZxid() < tree.lastZxid()) {
            try {
                storage.saveCoveringSnapshot(tree);
            } catch (RuntimeException e) {
                if (!isCausedBy(e)) {
                    throw e;
                }
                LOG.warn("Peer {} stays out of the ensemble: its tree at {} does not fit in {} yet ({})", config.peerId(),
                        Zxid.hex(tree.lastZxid()), config.dataDir(), e.toString());
                return null;
            }
        }
        return Recovery.replicatedFrom(storage, window, tree);
    }

    /** Ends the outage (the peer has rebuilt its state machine from its disk). */
    private void end(long logZxid, long treeZxid) {
        LOG.info("Peer {} rejoins the ensemble: space is free in {} again (it could not {}); its log reaches {}, "
                + "its tree {}", config.peerId(), config.dataDir(), step, Zxid.hex(logZxid), Zxid.hex(treeZxid));
        step = null;
    }
}
