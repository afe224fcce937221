package dev.coord.recipes.atomic;

import dev.coord.Acl;
import dev.coord.CoordClient;
import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.CreateParents;
import dev.coord.NodeData;
import dev.coord.Stat;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Counter is a distributed atomic long (Curator's DistributedAtomicLong, without its "maybe it worked"
 * results): a node whose data is the value as eight big-endian bytes, changed only by versioned
 * compare-and-set.
 *
 * <p><b>Guarantees.</b> Every update is atomic and linearizable: {@link #addAndGet} and friends return
 * the value their own write set, and no update is lost or applied twice under any contention. Reads
 * ({@link #get()}) are this peer's view, sequentially consistent (call {@link #getLatest()} for a value
 * no older than the call). Costs: an uncontended update is a local read and one write; under
 * contention a failed compare-and-set is retried after a fresh read (a sync with the leader only when
 * the local view had not moved).
 *
 * <p><b>Session trouble.</b> The counter holds no ephemeral state, so nothing is lost with a session.
 * While the session is SUSPENDED or LOST, updates wait for a leader (up to the request timeout) and may
 * fail with ConnectionLossException, whose outcome is unknown: read to find out; nothing is retried
 * blindly. After EXPIRED or CLOSED, calls fail with SessionExpiredException or ClosedException. The
 * counter's node is persistent and created (with value 0, and missing parents) on first use.
 *
 * <pre>{@code
 * Counter visits = new Counter(coord, "/counters/visits");
 * long now = visits.incrementAndGet();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Counter {
    private final CoordClient client;
    private final String path;

    public Counter(CoordClient client, String path) {
        this.client = client;
        this.path = path;
    }

    /** As above, with {@code acl} on every node it creates (see {@link CoordClient#withAcl}). */
    public Counter(CoordClient client, String path, List<Acl> acl) {
        this(client.withAcl(acl), path);
    }

    /** The value as this peer has applied it (0 if the counter was never written). */
    public long get() {
        try {
            return decode(client.getData(path).data());
        } catch (CoordException.NoNodeException e) {
            return 0;
        }
    }

    /** The value as of a moment no earlier than this call (one round trip to the leader). */
    public long getLatest() {
        client.sync(path);
        return get();
    }

    /** Sets the value to {@code update} if it is {@code expect}; returns whether it did. */
    public boolean compareAndSet(long expect, long update) {
        NodeData current = read();
        while (true) {
            if (decode(current.data()) != expect) {
                NodeData fresh = fresh(current);
                if (decode(fresh.data()) != expect) {
                    return false;
                }
                current = fresh;
            }
            try {
                client.setData(path, encode(update), current.stat().version());
                return true;
            } catch (CoordException.BadVersionException e) {
                current = fresh(current);
            }
        }
    }

    /** Adds {@code delta} and returns the new value. */
    public long addAndGet(long delta) {
        NodeData current = read();
        while (true) {
            long next = decode(current.data()) + delta;
            try {
                client.setData(path, encode(next), current.stat().version());
                return next;
            } catch (CoordException.BadVersionException e) {
                current = fresh(current);
            }
        }
    }

    /** Adds {@code delta} and returns the value before. */
    public long getAndAdd(long delta) {
        return addAndGet(delta) - delta;
    }

    public long incrementAndGet() {
        return addAndGet(1);
    }

    public long decrementAndGet() {
        return addAndGet(-1);
    }

    /** Sets the value unconditionally. */
    public void set(long value) {
        read();
        client.setData(path, encode(value), -1);
    }

    /** The node, created with value 0 if missing. */
    private NodeData read() {
        while (true) {
            try {
                return client.getData(path);
            } catch (CoordException.NoNodeException e) {
                try {
                    client.create(path, encode(0), CreateMode.PERSISTENT, CreateParents.PERSISTENT);
                } catch (CoordException.NodeExistsException raced) {
                    // Another session made it first.
                }
            }
        }
    }

    /**
     * A read newer than {@code stale}: the local view usually has moved on by the time a
     * compare-and-set fails; if it has not, a sync catches it up with the leader.
     */
    private NodeData fresh(NodeData stale) {
        NodeData again = read();
        if (sameVersion(again.stat(), stale.stat())) {
            client.sync(path);
            again = read();
        }
        return again;
    }

    private static boolean sameVersion(Stat a, Stat b) {
        return a.version() == b.version() && a.czxid() == b.czxid();
    }

    static byte[] encode(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    static long decode(byte[] data) {
        if (data.length != Long.BYTES) {
            throw new IllegalStateException("a counter node holds 8 bytes, this one " + data.length);
        }
        return ByteBuffer.wrap(data).getLong();
    }
}
