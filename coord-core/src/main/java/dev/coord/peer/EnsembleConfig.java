package dev.coord.peer;

import dev.coord.transport.TransportSecurity;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * EnsembleConfig is the replication part of a peer's configuration: the members and ZAB's timing.
 *
 * @param clusterName       peers of another cluster are refused at the handshake
 * @param members           every member's address, this peer's included
 * @param observers         the ids of the members that observe (never vote)
 * @param initLimitTicks    ticks allowed for discovery and synchronization with a leader
 * @param syncLimitTicks    ticks of silence after which a learner leaves its leader, or a leader
 *                          without a quorum steps down
 * @param requestTimeoutMs  how long a request waits for a leader before it fails
 * @param committedLogWindow how many committed transactions a leader keeps in memory for DIFF
 * @param resyncOnCorruptLog whether a peer whose log or snapshots are damaged beyond the torn tail at
 *                          start, or whose epoch file is damaged, moves them aside and resyncs from the
 *                          leader instead of refusing to start (see {@link DamagedData})
 * @param security          how connections between members are authenticated and encrypted
 */
public record EnsembleConfig(
        String clusterName,
        Map<Integer, InetSocketAddress> members,
        Set<Integer> observers,
        int initLimitTicks,
        int syncLimitTicks,
        long requestTimeoutMs,
        int committedLogWindow,
        boolean resyncOnCorruptLog,
        TransportSecurity security) {

    /** An ensemble with resync on a corrupt log on (the default) whose connections are neither authenticated nor encrypted. */
    public EnsembleConfig(String clusterName, Map<Integer, InetSocketAddress> members, Set<Integer> observers,
            int initLimitTicks, int syncLimitTicks, long requestTimeoutMs, int committedLogWindow) {
        this(clusterName, members, observers, initLimitTicks, syncLimitTicks, requestTimeoutMs, committedLogWindow,
                true, TransportSecurity.NONE);
    }

    public EnsembleConfig {
        java.util.Objects.requireNonNull(security, "security");
        // Sorted (a stable iteration order, unlike Map.copyOf's, which changes from JVM to JVM).
        members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
        observers = Collections.unmodifiableSortedSet(new TreeSet<>(observers));
        if (!members.keySet().containsAll(observers)) {
            throw new IllegalArgumentException("every observer must be a member: " + observers + " vs " + members.keySet());
        }
        if (initLimitTicks < 2 || syncLimitTicks < 2) {
            throw new IllegalArgumentException("initLimit and syncLimit must be at least 2 ticks");
        }
    }

    /** The voting members' ids. */
    public Set<Integer> voters() {
        TreeSet<Integer> voters = new TreeSet<>(members.keySet());
        voters.removeAll(observers);
        return voters;
    }
}
