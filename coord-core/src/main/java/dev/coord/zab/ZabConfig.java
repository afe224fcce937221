package dev.coord.zab;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * ZabConfig is the fixed configuration of one peer's ZAB state machine.
 *
 * @param selfId         this peer's id
 * @param voters         the voting members (leader and followers), this peer included if it votes
 * @param observers      the observers, this peer included if it observes
 * @param tickMs         the length of a tick
 * @param initLimitTicks ticks a leader or learner may spend in discovery and synchronization
 * @param syncLimitTicks ticks without hearing from the other side after which a learner gives up on its
 *                       leader, or a leader that lost its quorum steps down
 * @param finalizeWaitMs how long an election waits for a better vote after its vote reached a quorum
 * @param windowSize     how many committed entries the leader keeps in memory to answer with DIFF
 */
public record ZabConfig(
        int selfId,
        Set<Integer> voters,
        Set<Integer> observers,
        long tickMs,
        int initLimitTicks,
        int syncLimitTicks,
        long finalizeWaitMs,
        int windowSize) {

    public ZabConfig {
        // Sorted, not Set.copyOf: its iteration order changes from JVM to JVM, and a simulation
        // replayed from its seed must send in the same order.
        voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters));
        observers = Collections.unmodifiableSortedSet(new TreeSet<>(observers));
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("at least one voting member is needed");
        }
        if (!voters.contains(selfId) && !observers.contains(selfId)) {
            throw new IllegalArgumentException("peer " + selfId + " is neither a voter nor an observer");
        }
        for (int o : observers) {
            if (voters.contains(o)) {
                throw new IllegalArgumentException("peer " + o + " is both a voter and an observer");
            }
        }
    }

    /** True if this peer votes. */
    public boolean isVoter() {
        return voters.contains(selfId);
    }

    /** The number of voters that make a quorum: a strict majority. */
    public int quorum() {
        return voters.size() / 2 + 1;
    }

    /** Every peer but this one, in id order. */
    public TreeSet<Integer> others() {
        TreeSet<Integer> all = new TreeSet<>(voters);
        all.addAll(observers);
        all.remove(selfId);
        return all;
    }
}
