package dev.coord.transport;

import java.util.Random;

/**
 * ReconnectBackoff is the delay before the next dial after failed attempts: exponential, capped, with
 * jitter so peers that lost each other at the same moment do not retry in lockstep.
 *
 * <p>The delay after {@code n} failures lies in {@code [base/2, base]} where
 * {@code base = min(maxNs, minNs * 2^n)}. Pure: randomness comes only from the injected generator, so a
 * seed reproduces the sequence.
 *
 * <p>Threading: confined to the agent thread of the transport that owns it.
 */
final class ReconnectBackoff {
    private final long minNs;
    private final long maxNs;
    private final Random random;

    ReconnectBackoff(long minNs, long maxNs, Random random) {
        if (minNs <= 0 || maxNs < minNs) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + minNs + ", " + maxNs);
        }
        this.minNs = minNs;
        this.maxNs = maxNs;
        this.random = random;
    }

    /** Returns the delay before the next dial after {@code failedAttempts} consecutive failures. */
    long delayNs(int failedAttempts) {
        long base = baseNs(failedAttempts);
        long half = base / 2;
        return half + random.nextLong(base - half + 1);
    }

    /** Returns the ceiling of the delay after {@code failedAttempts} failures, before jitter. */
    long baseNs(int failedAttempts) {
        int doublings = Math.max(0, failedAttempts);
        if (doublings >= Long.numberOfLeadingZeros(minNs) - 1) {
            return maxNs;
        }
        return Math.min(maxNs, minNs << doublings);
    }
}
