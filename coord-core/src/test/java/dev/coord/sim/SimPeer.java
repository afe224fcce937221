package dev.coord.sim;

import dev.coord.peer.CallbackQueue;
import dev.coord.peer.Clock;
import dev.coord.peer.EpochStore;
import dev.coord.peer.PeerConfig;
import dev.coord.peer.PeerHost;
import dev.coord.peer.ReplicatedAgent;
import dev.coord.peer.Storage;
import dev.coord.transport.Transport;
import dev.coord.tree.DataTree;
import dev.coord.zab.PeerState;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * SimPeer is one simulated peer: the production {@link ReplicatedAgent} run turn by turn on the
 * simulation thread, over a {@link SimTransport} and a {@link SimDisk}. It is the agent's
 * {@link PeerHost}: its clock is the scheduler, its log forces, snapshot writer and session callback
 * queues are scheduled events (a force finishes {@link #FORCE_NS} later, more on a slow peer; a crash
 * before then loses what it covers). A turn is run whenever something arrives, a request or task is
 * queued, or a tick is due; a crash simply stops the turns, and everything scheduled for that
 * incarnation is ignored.
 */
final class SimPeer implements PeerHost {
    private static final long TURN_COST_NS = 30_000;
    private static final long SNAPSHOT_WRITE_NS = 5_000_000;
    static final long FORCE_NS = 150_000;

    final int id;
    final PeerConfig config;
    final SimDisk disk = new SimDisk();
    private final Scheduler time;
    private final SimNetwork network;
    private final Trace trace;
    private final Invariants invariants;
    private ReplicatedAgent agent;
    private int incarnation;
    private boolean up;
    private long pausedUntilNs;
    private long slowTurnNs;
    private long turnAtNs = Long.MAX_VALUE;
    private String lastRole = "";
    private long turns;

    SimPeer(int id, PeerConfig config, Scheduler time, SimNetwork network, Trace trace, Invariants invariants) {
        this.id = id;
        this.config = config;
        this.time = time;
        this.network = network;
        this.trace = trace;
        this.invariants = invariants;
    }

    // ---- life ----

    void boot() {
        incarnation++;
        up = true;
        pausedUntilNs = 0;
        turnAtNs = Long.MAX_VALUE;
        lastRole = "";
        trace.add("peer " + id + " boots (incarnation " + incarnation + ", log to 0x" + Long.toHexString(disk.log().lastZxid()) + ")");
        agent = ReplicatedAgent.begin(config, this);
        invariants.onBoot(this);
        wake();
    }

    /** Kills the process: nothing more runs; the disk keeps what was forced (and {@code unforcedKept} more). */
    void crash(int unforcedKept) {
        trace.add("peer " + id + " crashes (keeps " + unforcedKept + " unforced records)");
        up = false;
        incarnation++;
        network.detach(id);
        agent = null;
        disk.crash(unforcedKept);
    }

    /** Stops running turns until {@code untilNs}, as SIGSTOP or a long GC pause does; connections stay. */
    void pause(long untilNs) {
        trace.add("peer " + id + " pauses until " + untilNs / 1_000_000 + " ms");
        pausedUntilNs = untilNs;
        scheduleTurn(untilNs);
    }

    /** Makes every turn take {@code extraNs} longer (a slow disk or CPU); 0 ends it. */
    void slow(long extraNs) {
        trace.add("peer " + id + " turns slow by " + extraNs / 1_000 + " us");
        slowTurnNs = extraNs;
    }

    boolean isUp() {
        return up;
    }

    ReplicatedAgent agent() {
        return agent;
    }

    int incarnation() {
        return incarnation;
    }

    long turns() {
        return turns;
    }

    /** True if this peer is up and serves as leader or learner. */
    boolean serving() {
        return up && agent.zab().isServing();
    }

    // ---- turns ----

    void wake() {
        scheduleTurn(time.nowNs());
    }

    private void scheduleTurn(long atNs) {
        if (!up) {
            return;
        }
        long at = Math.max(atNs, pausedUntilNs);
        if (at >= turnAtNs) {
            return;
        }
        turnAtNs = at;
        int inc = incarnation;
        time.at(at, () -> {
            if (inc == incarnation && turnAtNs == at) {
                turnAtNs = Long.MAX_VALUE;
                runTurn();
            }
        });
    }

    private void runTurn() {
        if (!up) {
            return;
        }
        if (time.nowNs() < pausedUntilNs) {
            scheduleTurn(pausedUntilNs);
            return;
        }
        int work;
        try {
            work = agent.turn();
        } catch (SimulationFailure e) {
            // An invariant broken inside the turn (the commit hook).
            throw e;
        } catch (RuntimeException | Error e) {
            throw new SimulationFailure("peer " + id + " stopped with an unexpected error: " + e, e);
        }
        turns++;
        String role = agent.zab().state() + (agent.zab().isServing() ? "" : "-") + " e" + agent.zab().currentEpoch()
                + " l" + agent.zab().leaderId();
        if (!role.equals(lastRole)) {
            trace.add("peer " + id + " is " + role);
            lastRole = role;
        }
        invariants.afterTurn(this);
        if (work > 0) {
            scheduleTurn(time.nowNs() + TURN_COST_NS + slowTurnNs);
        } else {
            scheduleTurn(agent.nextTickMs() * 1_000_000 + slowTurnNs);
        }
    }

    boolean isLeading() {
        return up && agent.zab().state() == PeerState.LEADING && agent.zab().isServing();
    }

    // ---- PeerHost ----

    @Override
    public Clock clock() {
        return time;
    }

    @Override
    public Transport openTransport(PeerConfig c) {
        SimTransport transport = new SimTransport(id, c.ensemble().members().keySet(), network, this::wake);
        network.attach(id, transport);
        return transport;
    }

    @Override
    public Storage openStorage(PeerConfig c) {
        return disk.open();
    }

    @Override
    public EpochStore epochStore(PeerConfig c) {
        return disk.epochs();
    }

    /**
     * Forces finish {@link #FORCE_NS} after they start (more on a slow peer). With
     * {@code -Dcoord.sim.inlineForce=true} they finish at once, inside the turn that started them, as
     * when the agent forced inline: a way to tell whether a failing seed depends on that overlap.
     */
    @Override
    public ExecutorService logForcer(PeerConfig c) {
        return scheduled(() -> Boolean.getBoolean("coord.sim.inlineForce") ? -1 : FORCE_NS + slowTurnNs, null);
    }

    @Override
    public ExecutorService snapshotWriter(PeerConfig c) {
        return scheduled(() -> SNAPSHOT_WRITE_NS, "writes a snapshot");
    }

    /**
     * An executor that runs each task after {@code delayNs} (at once, on the caller, when negative),
     * unless this incarnation ended first.
     */
    private ExecutorService scheduled(java.util.function.LongSupplier delayNs, String traced) {
        return new AbstractExecutorService() {
            @Override
            public void execute(Runnable command) {
                long delay = delayNs.getAsLong();
                if (delay < 0) {
                    command.run();
                    return;
                }
                int inc = incarnation;
                time.after(delay, () -> {
                    if (inc == incarnation) {
                        if (traced != null) {
                            trace.add("peer " + id + " " + traced);
                        }
                        command.run();
                    }
                });
            }

            @Override
            public void shutdown() {
            }

            @Override
            public List<Runnable> shutdownNow() {
                return List.of();
            }

            @Override
            public boolean isShutdown() {
                return false;
            }

            @Override
            public boolean isTerminated() {
                return false;
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) {
                return true;
            }
        };
    }

    @Override
    public CallbackQueue callbackQueue(String name) {
        int inc = incarnation;
        return new CallbackQueue() {
            private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
            private boolean draining;
            private boolean stopped;

            @Override
            public void post(Runnable callback) {
                if (stopped) {
                    return;
                }
                queue.addLast(callback);
                if (!draining) {
                    draining = true;
                    time.after(10_000, this::drain);
                }
            }

            private void drain() {
                draining = false;
                while (inc == incarnation && !queue.isEmpty()) {
                    queue.pollFirst().run();
                }
            }

            @Override
            public void shutdown() {
                stopped = true;
            }
        };
    }

    @Override
    public void committed(PeerConfig c, long zxid, byte[] payload, DataTree tree) {
        invariants.onCommit(this, zxid, payload, tree);
    }

    /** Seeded choice of how many unforced records a crash keeps: usually none, sometimes a few. */
    static int unforcedKept(Random random) {
        return random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
    }
}
