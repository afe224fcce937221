package dev.coord.recipes.queue;

import dev.coord.Acl;
import dev.coord.CoordClient;
import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.CreateParents;
import dev.coord.NodeData;
import dev.coord.recipes.internal.Deadline;
import dev.coord.recipes.internal.SessionWakeups;
import dev.coord.recipes.internal.Sessions;
import dev.coord.recipes.internal.Wakeup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DistributedQueue is a FIFO queue of byte arrays shared by producers and consumers on any peers (the
 * seeds' FIFO queue), with an optional priority per item.
 *
 * <p><b>How.</b> An item is a persistent-sequential node {@code q-<priority>-<sequence>} under the
 * queue's path, holding the item. Consumers list the children, try the lowest name first and own an
 * item when their delete of it succeeds; losing a race to another consumer moves them to the next.
 *
 * <p><b>Guarantees.</b> Items of equal priority are taken in the order their offers were applied (so
 * one producer's items in the order it offered them); a lower priority value is taken first. Each item
 * is taken by exactly one consumer: never lost while queued, never delivered twice. Delivery is
 * at-most-once: an item is removed when taken, so a consumer that crashes after {@code poll} returns
 * loses it (process and acknowledge through your own store if you need at-least-once). Costs: an offer
 * is one write (plus one, once per instance, to make sure the queue's node exists); a poll is a
 * local listing and read plus one write.
 *
 * <p><b>Session trouble.</b> Offers and polls are single writes: during a suspension they wait for a
 * leader and may fail with ConnectionLossException, whose outcome is unknown (an offer may have been
 * queued; a poll may have removed an item it could not return: at-most-once). {@code take} keeps
 * waiting while suspended and fails with SessionExpiredException or ClosedException when its session
 * ends.
 *
 * <p>NB: consumers blocked in {@code take} all watch the queue's children, so an offer wakes every
 * idle consumer and all but one find nothing (a small herd, bounded by the number of idle consumers).
 *
 * <pre>{@code
 * DistributedQueue jobs = new DistributedQueue(coord, "/queues/jobs");
 * jobs.offer(job.encode());                  // producer
 * byte[] next = jobs.take(Duration.ofSeconds(5));   // consumer; null if none came
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class DistributedQueue {
    /** The priority of {@link #offer(byte[])}. */
    public static final int DEFAULT_PRIORITY = 0;

    private final CoordClient client;
    private final String path;
    private volatile boolean pathKnown;

    public DistributedQueue(CoordClient client, String path) {
        this.client = client;
        this.path = path;
    }

    /** As above, with {@code acl} on every node it creates (see {@link CoordClient#withAcl}). */
    public DistributedQueue(CoordClient client, String path, List<Acl> acl) {
        this(client.withAcl(acl), path);
    }

    /** Adds an item with the default priority; returns its node's path. */
    public String offer(byte[] item) {
        return offer(item, DEFAULT_PRIORITY);
    }

    /** Adds an item with {@code priority} (lower is taken first); returns its node's path. */
    public String offer(byte[] item, int priority) {
        ensurePath();
        try {
            return client.create(itemPrefix(priority), item, CreateMode.PERSISTENT_SEQUENTIAL);
        } catch (CoordException.NoNodeException e) {
            pathKnown = false;                                // the queue was deleted: make it again
            ensurePath();
            return client.create(itemPrefix(priority), item, CreateMode.PERSISTENT_SEQUENTIAL);
        }
    }

    /**
     * Adds an item without waiting; offers of one session are applied in the order they were made, so a
     * producer can pipeline many.
     */
    public CompletableFuture<String> offerAsync(byte[] item, int priority) {
        ensurePath();
        return client.createAsync(itemPrefix(priority), item, CreateMode.PERSISTENT_SEQUENTIAL, 0);
    }

    /**
     * Creates the queue's node (and parents) the first time, before any offer: a create with parents
     * would re-issue an offer that found the node missing and so break the order of pipelined offers.
     */
    private void ensurePath() {
        if (!pathKnown) {
            try {
                client.create(path, null, CreateMode.PERSISTENT, CreateParents.PERSISTENT);
            } catch (CoordException.NodeExistsException e) {
                // Made already.
            }
            pathKnown = true;
        }
    }

    private String itemPrefix(int priority) {
        long key = (long) priority - Integer.MIN_VALUE;      // 0 .. 2^32 - 1: ten digits sort like numbers
        return path + "/q-" + String.format("%010d", key) + "-";
    }

    /** Takes the head item, or returns null if the queue is empty. */
    public byte[] poll() {
        while (true) {
            List<String> items = items();
            if (items.isEmpty()) {
                return null;
            }
            for (String name : items) {
                byte[] taken = tryTake(name);
                if (taken != null) {
                    return taken;
                }
            }
            // Every item listed was taken by other consumers: catch up with the leader before listing again.
            client.sync(path);
        }
    }

    private byte[] tryTake(String name) {
        try {
            NodeData item = client.getData(path + "/" + name);
            client.delete(path + "/" + name, item.stat().version());
            return item.data();
        } catch (CoordException.NoNodeException e) {
            return null;
        }
    }

    /** The head item without taking it, or null if the queue is empty. */
    public byte[] peek() {
        for (String name : items()) {
            try {
                return client.getData(path + "/" + name).data();
            } catch (CoordException.NoNodeException e) {
                // Taken meanwhile: look at the next.
            }
        }
        return null;
    }

    /** Takes the head item, waiting as long as it takes for one. */
    public byte[] take() throws InterruptedException {
        return take(Deadline.NONE);
    }

    /** Takes the head item, waiting up to {@code timeout} for one; null if none came. */
    public byte[] take(Duration timeout) throws InterruptedException {
        return take(Deadline.after(timeout));
    }

    private byte[] take(long deadlineNs) throws InterruptedException {
        try (SessionWakeups wakeups = new SessionWakeups(client)) {
            while (true) {
                Wakeup w = wakeups.take();
                try {
                    Sessions.checkAlive(client.state(), "the queue " + path);
                    byte[] item = poll();
                    if (item != null) {
                        return item;
                    }
                    if (!watchForItems(w)) {
                        continue;
                    }
                    if (!w.await(deadlineNs)) {
                        return null;
                    }
                } finally {
                    wakeups.done(w);
                }
            }
        }
    }

    /** Leaves a watch for the queue's next change; false if items are there already. */
    private boolean watchForItems(Wakeup w) {
        try {
            return client.getChildren(path, w).isEmpty();
        } catch (CoordException.NoNodeException e) {
            return client.exists(path, w) == null;             // woken when the first offer creates it
        }
    }

    /** The number of items, as this peer sees it. */
    public int size() {
        return items().size();
    }

    /** The item names in the order they are taken. */
    private List<String> items() {
        List<String> names;
        try {
            names = new ArrayList<>(client.getChildren(path));
        } catch (CoordException.NoNodeException e) {
            return List.of();
        }
        names.removeIf(n -> !n.startsWith("q-"));
        names.sort(null);
        return names;
    }
}
