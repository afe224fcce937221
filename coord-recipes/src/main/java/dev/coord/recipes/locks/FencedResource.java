package dev.coord.recipes.locks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * FencedResource is the resource side of fencing tokens (Kleppmann): it admits an operation only if its
 * token is at least the highest it has admitted, so a holder that lost its lock while paused (GC,
 * partition) is refused once a later holder has been admitted. Put one in front of the thing the lock
 * protects, or do the same comparison where the resource lives (a conditional write in a database).
 *
 * <pre>{@code
 * if (!resource.admit(grant.fencingToken())) {
 *     throw new IllegalStateException("stale lock holder");
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class FencedResource {
    private final AtomicLong highest = new AtomicLong(Long.MIN_VALUE);

    /** Admits {@code token} if no higher token was admitted before, and remembers it. */
    public boolean admit(long token) {
        while (true) {
            long current = highest.get();
            if (token < current) {
                return false;
            }
            if (token == current || highest.compareAndSet(current, token)) {
                return true;
            }
        }
    }

    /** The highest token admitted so far ({@code Long.MIN_VALUE} if none). */
    public long highest() {
        return highest.get();
    }
}
