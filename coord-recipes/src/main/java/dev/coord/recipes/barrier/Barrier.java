package dev.coord.recipes.barrier;

import dev.coord.Acl;
import dev.coord.CoordClient;
import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.CreateParents;
import dev.coord.recipes.internal.Deadline;
import dev.coord.recipes.internal.SessionWakeups;
import dev.coord.recipes.internal.Sessions;
import dev.coord.recipes.internal.Wakeup;
import java.time.Duration;
import java.util.List;

/**
 * Barrier holds every waiter back while its node exists (Curator's DistributedBarrier): one party
 * {@link #set()}s it, any number {@link #await()}, and {@link #remove()} lets them all through.
 *
 * <p><b>Guarantees.</b> {@code await} returns only after it has seen the node absent; a waiter that
 * arrives after the removal passes at once. The node is persistent: a barrier stays set across the
 * setter's crash until someone removes it. Every waiter watches the one node, so a removal wakes them
 * all, which is the point. Costs: await is a local read with a watch; set and remove one write each.
 *
 * <p><b>Session trouble.</b> A waiter keeps waiting while its session is suspended (its watch stays on
 * its peer and fires for a removal once the peer catches up); it fails with SessionExpiredException or
 * ClosedException when its session ends.
 *
 * <pre>{@code
 * Barrier deploy = new Barrier(coord, "/barriers/deploy");
 * deploy.set();                          // coordinator, before the rollout
 * deploy.await();                        // workers, anywhere
 * deploy.remove();                       // coordinator: go
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Barrier {
    private final CoordClient client;
    private final String path;

    public Barrier(CoordClient client, String path) {
        this.client = client;
        this.path = path;
    }

    /** As above, with {@code acl} on every node it creates (see {@link CoordClient#withAcl}). */
    public Barrier(CoordClient client, String path, List<Acl> acl) {
        this(client.withAcl(acl), path);
    }

    /** Sets the barrier (creating its node and missing parents); idempotent. */
    public void set() {
        try {
            client.create(path, null, CreateMode.PERSISTENT, CreateParents.PERSISTENT);
        } catch (CoordException.NodeExistsException e) {
            // Set already.
        }
    }

    /** Removes the barrier, releasing every waiter; idempotent. */
    public void remove() {
        try {
            client.delete(path, -1);
        } catch (CoordException.NoNodeException e) {
            // Removed already.
        }
    }

    /** True if the barrier is set, as this peer sees it. */
    public boolean isSet() {
        return client.exists(path) != null;
    }

    /** Waits until the barrier is not set. */
    public void await() throws InterruptedException {
        await(Deadline.NONE);
    }

    /** Waits until the barrier is not set; false if {@code timeout} passes first. */
    public boolean await(Duration timeout) throws InterruptedException {
        return await(Deadline.after(timeout));
    }

    private boolean await(long deadlineNs) throws InterruptedException {
        try (SessionWakeups wakeups = new SessionWakeups(client)) {
            while (true) {
                Wakeup w = wakeups.take();
                try {
                    Sessions.checkAlive(client.state(), "the barrier " + path);
                    if (client.exists(path, w) == null) {
                        return true;
                    }
                    if (!w.await(deadlineNs)) {
                        return false;
                    }
                } finally {
                    wakeups.done(w);
                }
            }
        }
    }
}
