package dev.coord.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * SimNetwork connects the simulated peers' {@link SimTransport}s with virtual TCP connections: one per
 * pair of live peers, established after a short delay, carrying messages in FIFO order with seeded
 * latencies, broken by crashes, by symmetric partitions and by injected connection breaks (which lose
 * the tail in flight), and re-established after a backoff once allowed. A one-way partition holds the
 * messages of one direction, as a stalled TCP connection does, and releases them in order at heal.
 * Messages on different connections overtake each other freely.
 */
final class SimNetwork {
    private static final long DISCONNECT_NOTICE_NS = 500_000;

    /** A connection between two peers; a new generation for every connection made. */
    private static final class Link {
        long generation;
        State state = State.DOWN;
        final long[] lastArrivalNs = new long[2];

        enum State { DOWN, CONNECTING, UP }
    }

    private record Held(int from, int to, long generation, byte[] bytes) {
    }

    private final Scheduler time;
    private final Random random;
    private final Trace trace;
    private final NetworkFaults faults;
    private final Map<Integer, SimTransport> attached = new TreeMap<>();
    private final Map<Long, Link> links = new TreeMap<>();
    private final Set<Long> cut = new TreeSet<>();
    private final Set<Long> oneWay = new TreeSet<>();
    private final List<Held> held = new ArrayList<>();
    private long messages;
    private long breaks;

    SimNetwork(Scheduler time, Random random, Trace trace, NetworkFaults faults) {
        this.time = time;
        this.random = random;
        this.trace = trace;
        this.faults = faults;
    }

    private static long pair(int a, int b) {
        return Math.min(a, b) * 1_000L + Math.max(a, b);
    }

    private static long directed(int from, int to) {
        return from * 1_000L + to;
    }

    private Link link(int a, int b) {
        return links.computeIfAbsent(pair(a, b), k -> new Link());
    }

    /** A peer (re)started: it connects to every live peer it is not cut off from. */
    void attach(int id, SimTransport transport) {
        attached.put(id, transport);
        for (int other : attached.keySet()) {
            if (other != id) {
                connectSoon(id, other, 0);
            }
        }
    }

    /** A peer crashed: its connections break, and what it had in flight is lost. */
    void detach(int id) {
        attached.remove(id);
        for (int other : new ArrayList<>(attached.keySet())) {
            breakLink(id, other, "crash");
        }
        held.removeIf(h -> h.from == id || h.to == id);
    }

    /** Cuts {@code a} and {@code b} apart both ways: the connection breaks and is not remade until heal. */
    void cut(int a, int b) {
        cut.add(pair(a, b));
        breakLink(a, b, "partition");
    }

    /** Holds every message from {@code from} to {@code to} until heal; the connection stays up. */
    void holdOneWay(int from, int to) {
        oneWay.add(directed(from, to));
    }

    /** Ends every partition: held messages flow in order, cut pairs reconnect. */
    void heal() {
        cut.clear();
        oneWay.clear();
        List<Held> release = new ArrayList<>(held);
        held.clear();
        for (Held h : release) {
            schedule(h.from, h.to, h.generation, h.bytes);
        }
        for (int a : attached.keySet()) {
            for (int b : attached.keySet()) {
                if (a < b) {
                    connectSoon(a, b, 0);
                }
            }
        }
    }

    boolean partitioned() {
        return !cut.isEmpty() || !oneWay.isEmpty();
    }

    long messages() {
        return messages;
    }

    long breaks() {
        return breaks;
    }

    private void connectSoon(int a, int b, long backoffNs) {
        Link link = link(a, b);
        if (link.state != Link.State.DOWN || cut.contains(pair(a, b))) {
            return;
        }
        link.state = Link.State.CONNECTING;
        long generation = ++link.generation;
        time.after(backoffNs + 200_000 + random.nextInt(1_000_000), () -> establish(a, b, generation));
    }

    private void establish(int a, int b, long generation) {
        Link link = link(a, b);
        if (link.generation != generation || link.state != Link.State.CONNECTING) {
            return;
        }
        if (!attached.containsKey(a) || !attached.containsKey(b) || cut.contains(pair(a, b))) {
            link.state = Link.State.DOWN;
            return;
        }
        link.state = Link.State.UP;
        link.lastArrivalNs[0] = 0;
        link.lastArrivalNs[1] = 0;
        trace.add("net connect " + a + "-" + b + " #" + generation);
        attached.get(a).arrive(new SimTransport.Inbound(SimTransport.Inbound.Kind.CONNECTED, b, generation, null));
        attached.get(b).arrive(new SimTransport.Inbound(SimTransport.Inbound.Kind.CONNECTED, a, generation, null));
    }

    private void breakLink(int a, int b, String why) {
        Link link = links.get(pair(a, b));
        if (link == null || link.state == Link.State.DOWN) {
            return;
        }
        boolean wasUp = link.state == Link.State.UP;
        long generation = link.generation;
        link.state = Link.State.DOWN;
        link.generation++;
        breaks++;
        trace.add("net break " + a + "-" + b + " #" + generation + " (" + why + ")");
        if (wasUp) {
            for (int[] ends : new int[][] {{a, b}, {b, a}}) {
                int at = ends[0];
                int from = ends[1];
                time.after(random.nextInt((int) DISCONNECT_NOTICE_NS), () -> {
                    SimTransport t = attached.get(at);
                    if (t != null) {
                        t.arrive(new SimTransport.Inbound(SimTransport.Inbound.Kind.DISCONNECTED, from, generation, null));
                    }
                });
            }
        }
        held.removeIf(h -> pair(h.from, h.to) == pair(a, b));
        connectSoon(a, b, 20_000_000 + random.nextInt(180_000_000));
    }

    /** Carries one message of connection {@code generation} from {@code from} to {@code to}. */
    void send(int from, int to, long generation, byte[] bytes) {
        Link link = links.get(pair(from, to));
        if (link == null || link.generation != generation || link.state != Link.State.UP) {
            return;
        }
        if (faults.breakChance() > 0 && random.nextDouble() < faults.breakChance()) {
            breakLink(from, to, "injected");
            return;
        }
        if (oneWay.contains(directed(from, to))) {
            held.add(new Held(from, to, generation, bytes));
            return;
        }
        schedule(from, to, generation, bytes);
        if (faults.duplicateChance() > 0 && random.nextDouble() < faults.duplicateChance()) {
            schedule(from, to, generation, bytes);
        }
    }

    private void schedule(int from, int to, long generation, byte[] bytes) {
        Link link = links.get(pair(from, to));
        if (link == null || link.generation != generation) {
            return;
        }
        long latencyUs = faults.minLatencyUs() + (long) (random.nextDouble() * (faults.maxLatencyUs() - faults.minLatencyUs()));
        long arrival = time.nowNs() + latencyUs * 1_000;
        if (faults.spikeChance() > 0 && random.nextDouble() < faults.spikeChance()) {
            arrival += (long) (random.nextDouble() * faults.spikeMs() * 1_000_000);
        }
        int direction = from < to ? 0 : 1;
        arrival = Math.max(arrival, link.lastArrivalNs[direction]);
        link.lastArrivalNs[direction] = arrival;
        messages++;
        time.at(arrival, () -> {
            Link now = links.get(pair(from, to));
            SimTransport t = attached.get(to);
            if (now.generation == generation && now.state == Link.State.UP && t != null) {
                t.arrive(new SimTransport.Inbound(SimTransport.Inbound.Kind.MESSAGE, from, generation, bytes));
            }
        });
    }
}
