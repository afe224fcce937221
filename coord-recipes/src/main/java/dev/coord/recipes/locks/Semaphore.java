package dev.coord.recipes.locks;

import dev.coord.Acl;
import dev.coord.CoordClient;
import dev.coord.recipes.internal.Deadline;
import java.time.Duration;
import java.util.List;

/**
 * Semaphore is a distributed counting semaphore: at most {@code leases} holders at once, each lease
 * with a fencing token.
 *
 * <p><b>How.</b> Each acquisition creates an ephemeral-sequential {@code lease-} node; the first
 * {@code leases} in line hold. The first waiter watches the children (any holder may leave first);
 * every later waiter watches only its predecessor, and a waiter that becomes a holder marks its node
 * (one write, not waited for) so the waiter behind it moves up and takes over watching the children.
 * A release therefore wakes the first waiter and, once it holds, the one behind it: two wake-ups, not
 * the herd. See {@link LockDecider}.
 *
 * <p><b>Guarantees.</b> While their sessions are alive, at most {@code leases} contenders hold at once;
 * leases are granted in arrival order, so each grant's token is larger than every earlier grant's. All
 * users of one path must agree on {@code leases}. Not reentrant: every acquisition takes a lease. An
 * uncontended acquisition costs one write, a release one write (not waited for).
 *
 * <p><b>Session trouble</b> is as for {@link Lock}: listeners are told SUSPENDED, LOST, EXPIRED; the
 * leases of a crashed holder return when its session expires.
 *
 * <pre>{@code
 * Semaphore downloads = new Semaphore(coord, "/limits/downloads", 4);
 * try (Grant lease = downloads.acquire()) {
 *     fetch(url);
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Semaphore implements AutoCloseable {
    private final LockDriver driver;
    private final LockDriver.Rule rule;
    private final int leases;

    /** A semaphore of {@code leases} leases on {@code path} (created as a persistent node on first use). */
    public Semaphore(CoordClient client, String path, int leases) {
        if (leases < 1) {
            throw new IllegalArgumentException("a semaphore needs at least one lease, was " + leases);
        }
        this.leases = leases;
        this.driver = new LockDriver(client, path, "lease-", leases > 1);
        this.rule = (children, ours) -> LockDecider.leases(children, ours, leases);
    }

    /** As above, with {@code acl} on every node it creates (see {@link CoordClient#withAcl}). */
    public Semaphore(CoordClient client, String path, int leases, List<Acl> acl) {
        this(client.withAcl(acl), path, leases);
    }

    /** The number of leases. */
    public int leases() {
        return leases;
    }

    /** Waits as long as it takes for a lease; fails if the session ends first. */
    public Grant acquire() throws InterruptedException {
        return acquire(Deadline.NONE);
    }

    /** Takes a lease if it can within {@code timeout}; returns null (and leaves no trace) if not. */
    public Grant tryAcquire(Duration timeout) throws InterruptedException {
        return acquire(Deadline.after(timeout));
    }

    private Grant acquire(long deadlineNs) throws InterruptedException {
        Hold hold = driver.acquire(rule, null, deadlineNs);
        return hold == null ? null : new Grant(hold, () -> driver.release(hold));
    }

    public void addListener(LockListener listener) {
        driver.addListener(listener);
    }

    public void removeListener(LockListener listener) {
        driver.removeListener(listener);
    }

    /** How many waits a watch event ended (for tests). */
    long wokenByWatch() {
        return driver.wokenByWatch();
    }

    @Override
    public void close() {
        driver.close();
    }
}
