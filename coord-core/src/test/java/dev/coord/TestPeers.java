package dev.coord;

import java.util.Set;

/**
 * TestPeers lets tests of other modules (coord-recipes) crash and cut off a {@link Coordinator}, which
 * only package-private test hooks allow. It ships in coord-core's test-jar, never in the library.
 */
public final class TestPeers {
    private TestPeers() {
    }

    /** Stops {@code coord}'s peer abruptly, as a crash would: no session is closed first. */
    public static void halt(Coordinator coord) {
        coord.halt();
    }

    /**
     * Cuts {@code coord}'s replicated peer off from {@code peers} silently (frames dropped, connections
     * kept), in one direction; an empty set heals. Returns once in effect.
     */
    public static void partitionFrom(Coordinator coord, Set<Integer> peers) {
        coord.partitionFrom(peers);
    }
}
