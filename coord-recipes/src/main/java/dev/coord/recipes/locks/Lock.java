package dev.coord.recipes.locks;

import dev.coord.Acl;
import dev.coord.CoordClient;
import dev.coord.recipes.internal.Deadline;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;

/**
 * Lock is a distributed mutex with fencing tokens, reentrant per thread (the seeds' exclusive lock,
 * Curator's InterProcessMutex, without the herd and without CURATOR-645's race).
 *
 * <p><b>How.</b> Each acquisition creates an ephemeral-sequential node under the lock's path; the
 * lowest holds; every other contender watches only its predecessor, so a release wakes exactly one
 * waiter. The decision and the watch are made as one step (see {@link LockDecider}). A thread that
 * holds the lock and takes it again gets another {@link Grant} on the same node.
 *
 * <p><b>Guarantees.</b> While the holder's session is alive, no other contender holds the lock.
 * Holders follow each other in the order their nodes were created, and each grant carries a fencing
 * token (the zxid that created its node) larger than every earlier holder's: give it to the resource,
 * which refuses lower tokens ({@link FencedResource}), or guard a Coord write with
 * {@link Hold#checkOp()}. An uncontended acquisition costs one write; a release one write, not
 * waited for (the session's ordering puts it before the next acquisition, which is why an
 * acquire-release cycle costs one round trip).
 *
 * <p><b>Session trouble.</b> When the session is SUSPENDED (its peer lost the leader) a holder cannot
 * know whether it still holds: {@link LockListener#lockLost} is called with SUSPENDED and
 * {@link Grant#isValid()} turns false; if the session RECONNECTS with the node intact,
 * {@link LockListener#lockRestored} follows; LOST and EXPIRED are reported as they come (after EXPIRED
 * the node is gone and another contender may hold). A holder whose process dies releases when its
 * session expires: within the session timeout (plus a tick) of its last heartbeat. Waiters make no
 * decision while suspended; they go on waiting and decide again on reconnection; {@code lock()} fails
 * with SessionExpiredException (or ClosedException) once the session ends.
 *
 * <pre>{@code
 * Lock lock = new Lock(coord, "/locks/orders");
 * lock.addListener((hold, cause) -> stopWriting());
 * try (Grant grant = lock.lock()) {
 *     orders.write(batch, grant.fencingToken());
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@code lock()} and {@code tryLock} block the calling thread (never call them in a
 * watcher or listener of the same session).
 */
public final class Lock implements AutoCloseable {
    private final LockDriver driver;
    private final LockDriver.Rule rule;
    private final Map<Thread, Reentry> owners = new ConcurrentHashMap<>();

    /** Reentry is a thread's hold and how many of its grants are open; once 0 it never counts up again. */
    private record Reentry(Hold hold, AtomicInteger count) {
    }

    /** A mutex on {@code path} (created as a persistent node on first use) for the session {@code client}. */
    public Lock(CoordClient client, String path) {
        this(new LockDriver(client, path, "lock-", false), LockDecider::exclusive);
    }

    /** As above, with {@code acl} on every node it creates (see {@link CoordClient#withAcl}). */
    public Lock(CoordClient client, String path, List<Acl> acl) {
        this(client.withAcl(acl), path);
    }

    Lock(LockDriver driver, LockDriver.Rule rule) {
        this.driver = driver;
        this.rule = rule;
    }

    /** Waits as long as it takes to acquire the lock; fails if the session ends first. */
    public Grant lock() throws InterruptedException {
        return acquire(Deadline.NONE);
    }

    /** Acquires the lock if it can within {@code timeout}; returns null (and leaves no trace) if not. */
    public Grant tryLock(Duration timeout) throws InterruptedException {
        return acquire(Deadline.after(timeout));
    }

    private Grant acquire(long deadlineNs) throws InterruptedException {
        Thread me = Thread.currentThread();
        Reentry reentry = owners.get(me);
        while (reentry != null) {
            int open = reentry.count().get();
            if (open == 0) {
                break;                                          // being released (by a grant closed elsewhere)
            }
            if (reentry.count().compareAndSet(open, open + 1)) {
                return new Grant(reentry.hold(), () -> release(me));
            }
        }
        Hold hold = driver.acquire(rule, null, deadlineNs);
        if (hold == null) {
            return null;
        }
        owners.put(me, new Reentry(hold, new AtomicInteger(1)));
        return new Grant(hold, () -> release(me));
    }

    /** Releases one acquisition by the calling thread (as closing its innermost grant would). */
    public void unlock() {
        release(Thread.currentThread());
    }

    private void release(Thread owner) {
        Reentry reentry = owners.get(owner);
        if (reentry == null) {
            throw new IllegalMonitorStateException("the lock on " + driver.dir() + " is not held by " + owner.getName());
        }
        while (true) {
            int open = reentry.count().get();
            if (open == 0) {
                throw new IllegalMonitorStateException("the lock on " + driver.dir() + " is not held by " + owner.getName());
            }
            if (reentry.count().compareAndSet(open, open - 1)) {
                if (open == 1) {
                    owners.remove(owner, reentry);
                    driver.release(reentry.hold());
                }
                return;
            }
        }
    }

    /** True if the calling thread holds the lock (even if the hold is in doubt; see {@link Hold#isValid()}). */
    public boolean isHeldByCurrentThread() {
        return owners.containsKey(Thread.currentThread());
    }

    /** The calling thread's hold, or null. */
    public Hold holdOfCurrentThread() {
        Reentry reentry = owners.get(Thread.currentThread());
        return reentry == null ? null : reentry.hold();
    }

    /** The node name of {@code thread}'s hold, or null (the read side of a read-write lock asks the write side). */
    String heldNodeName(Thread thread) {
        Reentry reentry = owners.get(thread);
        return reentry == null ? null : reentry.hold().path().substring(reentry.hold().path().lastIndexOf('/') + 1);
    }

    /** Adds a listener for loss and restoration of this lock's holds. */
    public void addListener(LockListener listener) {
        driver.addListener(listener);
    }

    public void removeListener(LockListener listener) {
        driver.removeListener(listener);
    }

    /** How many waits of this lock a watch event ended (tests count these: one per release). */
    long wokenByWatch() {
        return driver.wokenByWatch();
    }

    /** Stops watching the session; open grants stay until closed. */
    @Override
    public void close() {
        driver.close();
    }
}
