package dev.coord.transport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * InMemoryNetwork connects in-process {@link Transport}s by peer id, for quick multi-peer tests on threads.
 *
 * <p>Every pair of open transports is connected unless a test cut it ({@link #disconnect}, {@link #isolate},
 * {@link #partition}); {@link #reconnect} and {@link #heal} join pairs again. A cut announces
 * {@code onDisconnected} to both sides; messages sent before it are still delivered, before the event;
 * nothing sent on the old connection arrives after it. Each direction of a pair has a bounded queue of
 * bytes, like TCP's outbound queue. Messages of one pair arrive in FIFO order.
 *
 * <p>It has no threads and no clock of its own: delivery happens when the receiving transport polls.
 * (The deterministic simulator uses its own network; this one runs on real threads.)
 *
 * <p>Threading: all methods are safe from any thread. Topology changes lock the network, then the pair's
 * {@link Link}; a send locks only its pair.
 */
public final class InMemoryNetwork {
    /** The connection between two peers, one per unordered pair; its fields are guarded by itself. */
    static final class Link {
        final int lowId;
        final int highId;
        boolean up;
        // Invariant: increases by one per connect; messages and events carry the generation they belong to.
        int generation;
        AtomicInteger lowToHighBytes = new AtomicInteger();
        AtomicInteger highToLowBytes = new AtomicInteger();
        InMemoryTransport lowEnd;
        InMemoryTransport highEnd;

        Link(int lowId, int highId) {
            this.lowId = lowId;
            this.highId = highId;
        }

        /** The bytes queued from {@code fromId} to the other side on the current connection. */
        AtomicInteger queuedFrom(int fromId) {
            return fromId == lowId ? lowToHighBytes : highToLowBytes;
        }

        /** The transport at the {@code peerId} end of the current (or last) connection. */
        InMemoryTransport end(int peerId) {
            return peerId == lowId ? lowEnd : highEnd;
        }
    }

    private final int maxMessageBytes;
    private final int queueBytes;
    private final TreeMap<Integer, InMemoryTransport> transports = new TreeMap<>();
    private final ConcurrentHashMap<Long, Link> links = new ConcurrentHashMap<>();
    private final Set<Long> cutPairs = new HashSet<>();
    private final Set<Integer> isolated = new HashSet<>();

    /** Creates a network with 64 KiB messages at most and 1 MiB queued per direction of a pair. */
    public InMemoryNetwork() {
        this(64 * 1024, 1024 * 1024);
    }

    /** Creates a network with the given largest message and bound on bytes queued per direction of a pair. */
    public InMemoryNetwork(int maxMessageBytes, int queueBytes) {
        if (maxMessageBytes <= 0 || queueBytes < maxMessageBytes) {
            throw new IllegalArgumentException("need 0 < maxMessageBytes <= queueBytes");
        }
        this.maxMessageBytes = maxMessageBytes;
        this.queueBytes = queueBytes;
    }

    /** Creates the transport of {@code peerId}, connected to every open transport it is not cut from. */
    public synchronized Transport transport(int peerId) {
        if (transports.containsKey(peerId)) {
            throw new IllegalStateException("peer " + peerId + " already has an open transport");
        }
        InMemoryTransport transport = new InMemoryTransport(this, peerId, maxMessageBytes, queueBytes);
        transports.put(peerId, transport);
        for (int other : transports.keySet()) {
            if (other == peerId) {
                continue;
            }
            if (isolated.contains(peerId) || isolated.contains(other)) {
                cutPairs.add(pairKey(peerId, other));
            }
            if (!cutPairs.contains(pairKey(peerId, other))) {
                connect(peerId, other);
            }
        }
        return transport;
    }

    /** Cuts the pair until {@link #reconnect} or {@link #heal}. */
    public synchronized void disconnect(int peerA, int peerB) {
        cutPairs.add(pairKey(peerA, peerB));
        cut(peerA, peerB);
    }

    /** Joins a cut pair again (connected once both transports are open). */
    public synchronized void reconnect(int peerA, int peerB) {
        cutPairs.remove(pairKey(peerA, peerB));
        if (transports.containsKey(peerA) && transports.containsKey(peerB)) {
            connect(peerA, peerB);
        }
    }

    /** Cuts {@code peerId} from every other peer, present or future, until {@link #heal} (or a reconnect). */
    public synchronized void isolate(int peerId) {
        isolated.add(peerId);
        for (int other : transports.keySet()) {
            if (other != peerId) {
                disconnect(peerId, other);
            }
        }
    }

    /** Cuts every pair with one peer in {@code side} and the other outside it. */
    public synchronized void partition(Set<Integer> side) {
        for (int a : new TreeSet<>(side)) {
            for (int b : transports.keySet()) {
                if (!side.contains(b)) {
                    disconnect(a, b);
                }
            }
        }
    }

    /** Removes every cut and connects every pair of open transports. */
    public synchronized void heal() {
        cutPairs.clear();
        isolated.clear();
        List<Integer> ids = new ArrayList<>(transports.keySet());
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                connect(ids.get(i), ids.get(j));
            }
        }
    }

    /** Returns the pair's link, creating it on first use. */
    Link link(int peerA, int peerB) {
        return links.computeIfAbsent(pairKey(peerA, peerB),
            key -> new Link(Math.min(peerA, peerB), Math.max(peerA, peerB)));
    }

    /** Called by a transport that closes: its connections go down. */
    synchronized void onClosed(InMemoryTransport transport) {
        if (transports.get(transport.selfId()) != transport) {
            return;
        }
        for (int other : transports.keySet()) {
            if (other != transport.selfId()) {
                cut(transport.selfId(), other);
            }
        }
        transports.remove(transport.selfId());
    }

    private void connect(int peerA, int peerB) {
        Link link = link(peerA, peerB);
        InMemoryTransport low = transports.get(link.lowId);
        InMemoryTransport high = transports.get(link.highId);
        synchronized (link) {
            if (link.up) {
                return;
            }
            link.up = true;
            link.generation++;
            link.lowToHighBytes = new AtomicInteger();
            link.highToLowBytes = new AtomicInteger();
            link.lowEnd = low;
            link.highEnd = high;
            low.enqueueEvent(link.highId, link.generation, true);
            high.enqueueEvent(link.lowId, link.generation, true);
        }
    }

    private void cut(int peerA, int peerB) {
        Link link = link(peerA, peerB);
        synchronized (link) {
            if (!link.up) {
                return;
            }
            link.up = false;
            link.lowEnd.enqueueEvent(link.highId, link.generation, false);
            link.highEnd.enqueueEvent(link.lowId, link.generation, false);
        }
    }

    private static long pairKey(int peerA, int peerB) {
        return ((long) Math.min(peerA, peerB) << 32) | (Math.max(peerA, peerB) & 0xFFFF_FFFFL);
    }
}
