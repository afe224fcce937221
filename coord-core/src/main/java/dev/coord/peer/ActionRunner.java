package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.log.file.EpochFile;
import dev.coord.Watcher;
import dev.coord.tree.Applied;
import dev.coord.tree.Change;
import dev.coord.tree.DataTree;
import dev.coord.tree.SnapshotCodec;
import dev.coord.tree.TreeJump;
import dev.coord.tree.WatchTable;
import dev.coord.zab.Zab;
import dev.coord.zab.ZabAction;
import dev.coord.zab.ZabCodec;
import dev.coord.zab.ZabMessage;
import dev.coord.zab.Zxid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ActionRunner carries out the ZAB state machine's actions for a {@link ReplicatedAgent}, in the order
 * they were emitted: sends, epoch persistence, log appends and truncations, snapshot installs, commits
 * (applied to the tree) and role changes.
 *
 * <p>Called only on the agent thread.
 */
final class ActionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

    private final ReplicatedAgent agent;
    private final EpochStore epochs;
    private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(4096);

    ActionRunner(ReplicatedAgent agent, EpochStore epochs) {
        this.agent = agent;
        this.epochs = epochs;
    }

    /**
     * Carries out every pending action, including those that carrying them out produced. Messages
     * queued before a commit are put on the wire before the commit is applied, so a leader's COMMITs
     * reach the learners without waiting for its own apply, watches and answers.
     */
    int run() {
        int done = 0;
        boolean sent = false;
        while (true) {
            Zab source = agent.zab;
            List<ZabAction> actions = source.drainActions();
            if (actions.isEmpty()) {
                return done;
            }
            for (ZabAction action : actions) {
                if (sent && action instanceof ZabAction.Commit) {
                    agent.transport.flush();
                    sent = false;
                }
                carryOut(action);
                sent |= action instanceof ZabAction.Send;
                done++;
                if (agent.zab != source) {
                    // The peer left the ensemble (SpaceOutage): what that state machine still asked for is void.
                    return done;
                }
            }
        }
    }

    /**
     * Executes {@code action}; a sync step that fails for lack of space makes the peer leave the
     * ensemble until there is space ({@link SpaceOutage}) instead of stopping it.
     */
    private void carryOut(ZabAction action) {
        try {
            execute(action);
        } catch (RuntimeException e) {
            String step = syncStep(action);
            if (step == null || !agent.outage.isCausedBy(e)) {
                throw e;
            }
            agent.outage.leave(step, e);
        }
    }

    /** What a sync step writes, for the log; null if {@code action} is not one. */
    private static String syncStep(ZabAction action) {
        if (action instanceof ZabAction.PersistEpochs e) {
            return "persist epochs (accepted " + e.acceptedEpoch() + ", current " + e.currentEpoch() + ")";
        } else if (action instanceof ZabAction.Truncate t) {
            return "truncate its log after " + Zxid.hex(t.zxid());
        } else if (action instanceof ZabAction.InstallSnapshot s) {
            return "install the leader's snapshot at " + Zxid.hex(s.zxid());
        }
        return null;
    }

    private void execute(ZabAction action) {
        if (action instanceof ZabAction.Send s) {
            send(s.peerId(), s.message());
        } else if (action instanceof ZabAction.Commit c) {
            commit(c.zxid(), c.payload());
        } else if (action instanceof ZabAction.Append a) {
            agent.appendToLog(a.zxid(), a.payload());
        } else if (action instanceof ZabAction.PersistEpochs e) {
            epochs.write(new EpochFile.Epochs(e.acceptedEpoch(), e.acceptedLeader(), e.currentEpoch()));
        } else if (action instanceof ZabAction.Truncate t) {
            LOG.info("Peer {} truncates its log after {} (sync with the leader)", agent.config.peerId(), Zxid.hex(t.zxid()));
            agent.storage.log().truncateAfter(t.zxid());
        } else if (action instanceof ZabAction.InstallSnapshot s) {
            installSnapshot(s.zxid(), s.snapshot());
        } else if (action instanceof ZabAction.RoleChanged r) {
            agent.onRoleChanged(r);
        }
    }

    /** Sends a ZAB message; a SNAP gets the encoded committed tree here. */
    void send(int peerId, ZabMessage message) {
        if (agent.isCutOffFrom(peerId)) {
            return;
        }
        if (message instanceof ZabMessage.Snap snap && snap.snapshot() == null) {
            DataTree tree = agent.published();
            if (tree.lastZxid() != snap.zxid()) {
                throw new IllegalStateException("SNAP at " + Zxid.hex(snap.zxid()) + " but the tree is at " + Zxid.hex(tree.lastZxid()));
            }
            byte[] encoded = encode(tree);
            LOG.info("Peer {} sends a snapshot at {} ({} nodes, {} bytes) to peer {}", agent.config.peerId(), Zxid.hex(snap.zxid()),
                    tree.nodeCount(), encoded.length, peerId);
            message = new ZabMessage.Snap(snap.epoch(), snap.zxid(), snap.history(), encoded);
        }
        int length = ZabCodec.encode(message, sendBuffer, 0);
        agent.transport.send(peerId, sendBuffer, 0, length);
    }

    private static byte[] encode(DataTree tree) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            SnapshotCodec.write(tree, new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void commit(long zxid, byte[] payload) {
        Envelope envelope = Envelope.decode(payload);
        LeaderDuties.InFlight proposed = agent.leaderDuties.takeInFlight(zxid);
        Applied applied;
        Request origin = null;
        if (proposed != null) {
            applied = proposed.applied();
            origin = proposed.request();
        } else {
            try {
                applied = agent.published().apply(zxid, envelope.timeMs(), envelope.txn());
            } catch (CoordException e) {
                throw new IllegalStateException("committed transaction " + Zxid.hex(zxid) + " does not apply to the tree at "
                        + Zxid.hex(agent.published().lastZxid()) + ": replicas diverged (" + e.getMessage() + ")", e);
            }
            if (envelope.originPeer() == agent.config.peerId()) {
                origin = agent.forwarding.takePending(envelope.originReqId());
            }
        }
        agent.applied(zxid, applied, envelope.txn(), origin);
        agent.host().committed(agent.config, zxid, payload, applied.tree());
    }

    private void installSnapshot(long zxid, byte[] bytes) {
        long startNs = System.nanoTime();
        DataTree tree;
        try {
            tree = SnapshotCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new IllegalStateException("the leader's snapshot at " + Zxid.hex(zxid) + " does not decode: " + e.getMessage(), e);
        }
        LOG.info("Peer {} installs the leader's snapshot at {} ({} nodes, {} bytes)", agent.config.peerId(), Zxid.hex(zxid),
                tree.nodeCount(), bytes.length);
        // Order matters for a crash in between: drop the old log first, then make the snapshot durable,
        // then mark that the log before it is gone.
        agent.storage.log().truncateAfter(0);
        agent.storage.snapshots().save(tree);
        agent.storage.markPurged(zxid);
        LOG.info("Peer {} installed the snapshot at {} in {} ms", agent.config.peerId(), Zxid.hex(zxid),
                (System.nanoTime() - startNs) / 1_000_000);
        jumpTo(tree);
    }

    /** Publishes {@code tree}, which replaces the committed tree, and fires what it changed. */
    void jumpTo(DataTree tree) {
        DataTree before = agent.published();
        agent.publish(tree);
        fireWatchesForJump(before, tree);
    }

    /**
     * Fires the watches the transactions skipped by a snapshot would have fired (see {@link TreeJump}),
     * so a local session's watch never waits for a change that already happened.
     */
    private void fireWatchesForJump(DataTree before, DataTree after) {
        WatchTable<Watcher> watches = agent.localSessions.watches();
        for (Change change : TreeJump.changes(before, after, watches.watchedPaths(), watches.recursiveRoots())) {
            agent.localSessions.fire(change, after.lastZxid());
        }
    }
}
