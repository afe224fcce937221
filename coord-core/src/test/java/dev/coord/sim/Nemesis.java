package dev.coord.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Nemesis injects the faults of a simulation run, seeded: crashes of a minority (and now and then of
 * the whole ensemble) with restarts, pauses of one peer (as SIGSTOP), symmetric partitions of one peer
 * or of a minority, one-way partitions, and slow peers. Every fault ends within a few seconds; at
 * {@link #healAll()} everything is healed and every peer restarted.
 */
final class Nemesis {
    private final Scheduler time;
    private final Random random;
    private final Trace trace;
    private final SimNetwork network;
    private final List<SimPeer> peers;
    private final List<SimPeer> voters;
    private final Workload workload;
    private final Map<String, Integer> injected = new TreeMap<>();
    private boolean active;
    private boolean wholeEnsembleCrashed;

    Nemesis(Scheduler time, Random random, Trace trace, SimNetwork network, List<SimPeer> peers, List<SimPeer> voters, Workload workload) {
        this.time = time;
        this.random = random;
        this.trace = trace;
        this.network = network;
        this.peers = peers;
        this.voters = voters;
        this.workload = workload;
    }

    void start(long untilNs) {
        active = true;
        time.after(ms(1_000), () -> step(untilNs));
    }

    Map<String, Integer> injected() {
        return injected;
    }

    private void count(String kind) {
        injected.merge(kind, 1, Integer::sum);
    }

    private void step(long untilNs) {
        if (!active || time.nowNs() >= untilNs) {
            return;
        }
        int r = random.nextInt(100);
        if (r < 25) {
            crashMinority();
        } else if (r < 28 && !wholeEnsembleCrashed) {
            crashAll();
        } else if (r < 45) {
            pause();
        } else if (r < 65) {
            partition();
        } else if (r < 75) {
            oneWay();
        } else if (r < 85) {
            slow();
        }
        time.after(between(300, 1_500), () -> step(untilNs));
    }

    private List<SimPeer> up() {
        return peers.stream().filter(SimPeer::isUp).toList();
    }

    private void crash(SimPeer p) {
        p.crash(SimPeer.unforcedKept(random));
        workload.peerCrashed(p);
    }

    private void crashMinority() {
        long down = voters.stream().filter(p -> !p.isUp()).count();
        int minority = (voters.size() - 1) / 2;
        List<SimPeer> up = up();
        if (up.isEmpty()) {
            return;
        }
        SimPeer p = up.get(random.nextInt(up.size()));
        if (voters.contains(p) && down >= minority) {
            return;
        }
        count("crash");
        crash(p);
        time.after(between(200, 3_000), () -> restart(p));
    }

    private void crashAll() {
        wholeEnsembleCrashed = true;
        count("crash-all");
        trace.add("nemesis crashes every peer");
        for (SimPeer p : up()) {
            crash(p);
        }
        time.after(between(300, 1_300), () -> peers.forEach(this::restart));
    }

    private void restart(SimPeer p) {
        if (!p.isUp()) {
            p.boot();
        }
    }

    private void pause() {
        List<SimPeer> up = up();
        if (up.isEmpty()) {
            return;
        }
        count("pause");
        SimPeer p = up.get(random.nextInt(up.size()));
        p.pause(time.nowNs() + between(100, 4_000));
    }

    private void partition() {
        if (network.partitioned()) {
            heal();
            return;
        }
        count("partition");
        List<SimPeer> shuffled = new ArrayList<>(peers);
        java.util.Collections.shuffle(shuffled, random);
        int side = 1 + random.nextInt(Math.max(1, (peers.size() - 1) / 2));
        List<SimPeer> minority = shuffled.subList(0, side);
        List<SimPeer> rest = shuffled.subList(side, shuffled.size());
        trace.add("nemesis cuts " + ids(minority) + " from " + ids(rest));
        for (SimPeer a : minority) {
            for (SimPeer b : rest) {
                network.cut(a.id, b.id);
            }
        }
        time.after(between(500, 4_000), this::heal);
    }

    private void oneWay() {
        if (network.partitioned()) {
            heal();
            return;
        }
        count("one-way");
        SimPeer a = peers.get(random.nextInt(peers.size()));
        SimPeer b = peers.get(random.nextInt(peers.size()));
        if (a == b) {
            return;
        }
        trace.add("nemesis holds messages " + a.id + " -> " + b.id);
        network.holdOneWay(a.id, b.id);
        time.after(between(500, 3_500), this::heal);
    }

    private void slow() {
        count("slow");
        SimPeer p = peers.get(random.nextInt(peers.size()));
        p.slow(between(1, 30));
        time.after(between(1_000, 4_000), () -> p.slow(0));
    }

    private void heal() {
        if (network.partitioned()) {
            trace.add("nemesis heals the network");
            network.heal();
        }
    }

    /** Ends every fault: heals the network, restarts the crashed, resumes the slow. */
    void healAll() {
        active = false;
        heal();
        for (SimPeer p : peers) {
            p.slow(0);
            restart(p);
        }
    }

    private static long ms(long ms) {
        return ms * 1_000_000;
    }

    /** A seeded duration between {@code minMs} and {@code maxMs}, in nanoseconds. */
    private long between(long minMs, long maxMs) {
        return ms(minMs) + (long) (random.nextDouble() * ms(maxMs - minMs));
    }

    private static String ids(List<SimPeer> ps) {
        return ps.stream().map(p -> String.valueOf(p.id)).toList().toString();
    }
}
