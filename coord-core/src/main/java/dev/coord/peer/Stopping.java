package dev.coord.peer;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping ends a replicated peer's duty cycle. After a shutdown ({@link #afterShutdown}): unless the
 * peer was halted, it first closes each of its local sessions through the leader and goes on with the
 * protocol until they are closed, the peer no longer serves, or two ticks (at least a second) have
 * passed, so their ephemerals go at once; then it fails what is still queued, closes the snapshot
 * writer, the transport and the storage (the log waits for a force still running) and stops the force
 * thread. After an unexpected error ({@link #afterFailure}): it fails every queued request and every
 * request of the local sessions (now LOST) loudly, once, and closes what it can.
 *
 * <p>Runs on the peer's agent thread, as the last thing that thread does; the state it closes stays
 * owned by it. Invariant: whichever way the cycle ends, the agent is marked stopped last, after its
 * last status is published.
 */
final class Stopping {
    // The agent's logger: its lines keep the logger name they had when this was the agent's code.
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedAgent.class);

    private final ReplicatedAgent agent;

    Stopping(ReplicatedAgent agent) {
        this.agent = agent;
    }

    /** The inbox is closed: stops the peer, closing its sessions first unless it was {@code halted}. */
    void afterShutdown(boolean halted) {
        if (!halted) {
            closeSessions();
        }
        agent.inbox.failPending();
        agent.forwarding.onLeaderLost();
        closeCleanly();
    }

    private void closeSessions() {
        agent.inbox.failPending();
        long deadline = agent.monoMs() + Math.max(2 * agent.config.tickMs(), 1000);
        LocalSessions sessions = agent.localSessions;
        sessions.closeAll(agent.forwarding::handle);
        while (!sessions.isEmpty() && agent.zab.isServing() && agent.monoMs() < deadline) {
            agent.transport.poll(agent.forwarding::onFrame, 1024);
            agent.actions.run();
            agent.flush();
            if (!sessions.isEmpty()) {
                agent.transport.awaitWork(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
        sessions.markAllClosed();
        agent.forwarding.onLeaderLost();
    }

    private void closeCleanly() {
        agent.snapshots.close();
        // A snapshot that was being written has finished now; its purge is a task of this thread.
        agent.drainTasks();
        agent.transport.close();
        // The log waits for a force still running on the force thread before it closes.
        agent.storage.close();
        agent.forcer.shutdown();
        agent.refreshStatus();
        agent.inbox.stopped();
    }

    /** The duty cycle failed on {@code t}: stops the peer loudly. */
    void afterFailure(Throwable t) {
        agent.forwarding.onLeaderLost();
        agent.leaderDuties.onLeaderLost();
        agent.inbox.failOnError(agent.config.peerId(), t, agent.sessions(), "it recovers from its data directory and the leader");
        try {
            agent.snapshots.close();
            agent.transport.close();
            agent.storage.close();
            agent.forcer.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("Closing after the failure also failed: {}", e.toString());
        }
        agent.refreshStatus();
        agent.inbox.stopped();
    }
}
