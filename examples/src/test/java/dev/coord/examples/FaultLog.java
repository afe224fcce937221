package dev.coord.examples;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * FaultLog is what a {@link Nemesis} did: how many faults of each {@link Kind} it injected, and a
 * timeline of every fault and repair with its time since the start of the run. Thread-safe.
 */
final class FaultLog {
    /** Kind is one kind of fault. */
    enum Kind {
        /** SIGKILL, then a restart on the same data directory. */
        KILL,
        /** SIGSTOP, then SIGCONT. */
        PAUSE,
        /** Every packet between a minority (the peer, and in a larger ensemble maybe others) and the rest dropped, both ways. */
        PARTITION,
        /** Every packet from the peer to the others, or from the others to the peer, dropped. */
        ONE_WAY_PARTITION
    }

    private final long startNs;
    // Guarded by this.
    private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    // Guarded by this.
    private final List<String> timeline = new ArrayList<>();

    /** A log whose timeline counts from {@code startNs} ({@link System#nanoTime()}). */
    FaultLog(long startNs) {
        this.startNs = startNs;
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0);
        }
    }

    /** Counts one fault of {@code kind} and notes it. */
    synchronized void injected(Kind kind, String what) {
        counts.merge(kind, 1, Integer::sum);
        note(kind + " " + what);
    }

    /** Adds a line to the timeline. */
    synchronized void note(String what) {
        timeline.add(String.format("%8.3f s  %s", (System.nanoTime() - startNs) / 1e9, what));
    }

    synchronized Map<Kind, Integer> counts() {
        return new EnumMap<>(counts);
    }

    synchronized int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized List<String> timeline() {
        return List.copyOf(timeline);
    }
}
