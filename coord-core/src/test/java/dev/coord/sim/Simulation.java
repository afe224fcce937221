package dev.coord.sim;

import dev.coord.Durability;
import dev.coord.peer.EnsembleConfig;
import dev.coord.peer.PeerConfig;
import dev.coord.testkit.history.Entry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Simulation runs one seeded run of a whole ensemble in one thread: the production peers
 * ({@link SimPeer}) over the {@link SimNetwork}, a client {@link Workload}, the {@link Nemesis}, with
 * the {@link Invariants} checked throughout. After the faults it heals everything, lets the ensemble
 * settle, and checks that every peer converged on the same tree; the caller then checks the recorded
 * history. The same seed and configuration give the same run, event for event.
 */
final class Simulation {
    static final long TICK_MS = 100;
    private static final long SETTLE_LIMIT_MS = 60_000;

    /** What a run produced. */
    record Outcome(long seed, SimConfig config, String traceSha256, String trace, long traceLines, List<Entry> history,
            long simulatedMs, long events, long messages, long connectionBreaks, long commitsChecked, long opsIssued,
            long watchEvents, long expiries, long closes, Map<String, Integer> faults) {
    }

    private final long seed;
    private final SimConfig config;
    private final Scheduler time = new Scheduler();
    private final Trace trace;
    private final Random random;
    private final SimNetwork network;
    private final Invariants invariants;
    private final HistoryRecorder recorder;
    private final List<SimPeer> peers = new ArrayList<>();
    private final List<SimPeer> voters = new ArrayList<>();
    private final Workload workload;
    private final Nemesis nemesis;

    Simulation(long seed, SimConfig config, boolean keepTrace) {
        this.seed = seed;
        this.config = config;
        this.random = new Random(seed);
        this.trace = new Trace(time, keepTrace);
        this.network = new SimNetwork(time, new Random(random.nextLong()), trace, config.network());
        this.recorder = new HistoryRecorder(time, trace);
        this.invariants = new Invariants(time::nowMs, recorder::sessionGone);
        Map<Integer, InetSocketAddress> members = new TreeMap<>();
        Set<Integer> observerIds = new TreeSet<>();
        int count = config.voters() + config.observers();
        for (int id = 1; id <= count; id++) {
            members.put(id, InetSocketAddress.createUnresolved("sim-peer-" + id, 7000 + id));
            if (id > config.voters()) {
                observerIds.add(id);
            }
        }
        EnsembleConfig ensemble = new EnsembleConfig("sim", members, observerIds, 20, 10, 3_000, 1_000);
        for (int id = 1; id <= count; id++) {
            PeerConfig pc = new PeerConfig(id, null, Durability.FSYNC, 2_000, TICK_MS, 400, 2, 1 << 20, 1 << 20, ensemble);
            SimPeer peer = new SimPeer(id, pc, time, network, trace, invariants);
            peers.add(peer);
            if (id <= config.voters()) {
                voters.add(peer);
            }
        }
        this.workload = new Workload(time, new Random(random.nextLong()), trace, invariants, recorder, peers);
        this.nemesis = new Nemesis(time, new Random(random.nextLong()), trace, network, peers, voters, workload);
    }

    /** Runs the whole simulation; throws {@link SimulationFailure} on a broken invariant. */
    Outcome run() {
        trace.add("simulation seed " + seed + " config " + config);
        for (SimPeer p : peers) {
            time.after(random.nextInt(20_000_000), p::boot);
        }
        workload.start(config.clients());
        long faultsEnd = config.faultMs() * 1_000_000;
        if (config.nemesis()) {
            nemesis.start(faultsEnd);
        }
        time.runUntil(faultsEnd);
        trace.add("faults end; healing");
        nemesis.healAll();
        time.runUntil(faultsEnd + 3_000_000_000L);
        workload.stop();
        settle(faultsEnd);
        invariants.checkConverged(peers);
        return new Outcome(seed, config, trace.finish(), trace.text(), trace.lines(), recorder.history(), time.nowMs(),
                time.eventsRun(), network.messages(), network.breaks(), invariants.commitsChecked(), workload.opsIssued(),
                workload.watchEvents(), workload.expiries(), workload.closes(), nemesis.injected());
    }

    /** Runs until every peer serves at one zxid and sessions of crashed peers have expired, within a limit. */
    private void settle(long faultsEndNs) {
        long limit = time.nowNs() + SETTLE_LIMIT_MS * 1_000_000;
        while (time.nowNs() < limit) {
            time.runUntil(time.nowNs() + 100_000_000);
            if (settled()) {
                // A little longer, so that the last commits reach everyone.
                time.runUntil(time.nowNs() + 500_000_000);
                if (settled()) {
                    return;
                }
            }
        }
        StringBuilder state = new StringBuilder();
        for (SimPeer p : peers) {
            state.append("\n  peer ").append(p.id).append(": ").append(p.isUp() ? p.agent().status() : "down");
        }
        throw new SimulationFailure("the ensemble did not settle within " + SETTLE_LIMIT_MS + " ms after the faults ended:" + state);
    }

    private boolean settled() {
        long zxid = -1;
        for (SimPeer p : peers) {
            if (!p.serving()) {
                return false;
            }
            long z = p.agent().committedTree().lastZxid();
            if (zxid != -1 && z != zxid) {
                return false;
            }
            zxid = z;
        }
        return true;
    }

    /** The whole trace so far, if kept. */
    String traceText() {
        return trace.text();
    }

    /** Where the run is, for a failure report. */
    String traceTail() {
        return trace.tail();
    }
}
