package dev.coord.recipes.locks;

import dev.coord.recipes.internal.Sequence;
import java.util.List;

/**
 * LockDecider is the pure "do I hold it, and whom do I watch" function of every queue-of-contenders
 * recipe: {@link Lock}, the two sides of {@link ReadWriteLock}, {@link Semaphore} and
 * {@link dev.coord.recipes.election.LeaderElection}. Contenders are the ephemeral-sequential children
 * of one parent, queued in sequence order; the decision is made from one listing of those children.
 *
 * <p>A contender that does not hold watches exactly one thing whose change may let it hold, so a
 * release wakes one waiter, never the herd: a mutex or writer watches its predecessor; a reader the
 * last writer before it; with N leases, the first waiter (the N-th in line) watches the children list,
 * because any of the N holders may leave first, and every later waiter its predecessor.
 *
 * <p>The driver must read the watched thing and leave the watch in one step (exists or getChildren
 * with a watcher), and decide again at once if that read shows the wait is already over (the node is
 * gone, or, with N leases, it is marked as a holder): then no change can fall between deciding and
 * watching, which is the race behind Curator's CURATOR-645.
 *
 * <p>Pure: no I/O, no clock.
 */
public final class LockDecider {
    /** Decision is the outcome: hold, watch one contender's node, watch the children, or our node is gone. */
    public record Decision(Kind kind, String watch) {
        /** Kind of decision. */
        public enum Kind {
            /** The contender holds (the lock, a read share, a lease, leadership). */
            HOLDS,
            /** Wait for the node named {@code watch} to change (deleted, or marked). */
            WATCH_NODE,
            /** Wait for the parent's children to change. */
            WATCH_CHILDREN,
            /** The contender's own node is not among the children: it was deleted (or its session ended). */
            GONE
        }

        static Decision holds() {
            return new Decision(Kind.HOLDS, null);
        }

        static Decision watch(String name) {
            return new Decision(Kind.WATCH_NODE, name);
        }

        /** True for HOLDS. */
        public boolean holdsIt() {
            return kind == Kind.HOLDS;
        }
    }

    /** The name prefix of a reader's node in a read-write lock. */
    public static final String READ = "read-";
    /** The name prefix of a writer's node in a read-write lock. */
    public static final String WRITE = "write-";

    private LockDecider() {
    }

    /** A mutex, a writer, or a leader election: the first in line holds; the others watch their predecessor. */
    public static Decision exclusive(List<String> children, String ours) {
        return leases(children, ours, 1);
    }

    /**
     * N leases: the first {@code maxLeases} in line hold; the next (the first waiter) watches the
     * children; every later one watches its predecessor.
     */
    public static Decision leases(List<String> children, String ours, int maxLeases) {
        if (maxLeases < 1) {
            throw new IllegalArgumentException("maxLeases must be at least 1, was " + maxLeases);
        }
        List<String> line = Sequence.sorted(children);
        int index = line.indexOf(ours);
        if (index < 0) {
            return new Decision(Decision.Kind.GONE, null);
        }
        if (index < maxLeases) {
            return Decision.holds();
        }
        if (index == maxLeases && maxLeases > 1) {
            return new Decision(Decision.Kind.WATCH_CHILDREN, null);
        }
        return Decision.watch(line.get(index - 1));
    }

    /**
     * A reader of a read-write lock: holds when no writer is ahead of it in line, except {@code ownWriter}
     * (the node of a write lock the same thread holds, which may take the read lock too; null if none);
     * otherwise watches the last writer ahead of it.
     */
    public static Decision read(List<String> children, String ours, String ownWriter) {
        List<String> line = Sequence.sorted(children);
        int index = line.indexOf(ours);
        if (index < 0) {
            return new Decision(Decision.Kind.GONE, null);
        }
        for (int i = index - 1; i >= 0; i--) {
            String ahead = line.get(i);
            if (ahead.startsWith(WRITE) && !ahead.equals(ownWriter)) {
                return Decision.watch(ahead);
            }
        }
        return Decision.holds();
    }
}
