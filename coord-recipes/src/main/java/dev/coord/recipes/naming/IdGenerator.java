package dev.coord.recipes.naming;

import dev.coord.Acl;
import dev.coord.CoordClient;
import dev.coord.CreateMode;
import dev.coord.CreateParents;
import dev.coord.recipes.internal.Sequence;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * IdGenerator hands out readable, unique, ordered ids from sequential nodes, the seeds' naming
 * service: {@code order-20250518-0000000042} is "an order of 18 May 2025, number 42".
 *
 * <p><b>How.</b> Each id is the name of an ephemeral-sequential node {@code <prefix>-<date>-} created
 * under the generator's path; the node has served its purpose once named and is deleted in the
 * background (pipelined behind the create, not waited for), so the tree does not grow.
 *
 * <p><b>Guarantees.</b> Ids from every generator on one path are unique, and their sequence numbers
 * grow in the order the creates were applied (across dates too: the number does not restart each day).
 * Numbers have gaps (a parent's counter also counts deletions) and wrap after 2^31 creates under one
 * parent, as ZooKeeper's do. The date is the caller's clock's (UTC by default) when the id was asked
 * for. Cost: one write per id.
 *
 * <p><b>Session trouble.</b> While the session is SUSPENDED or LOST, {@link #next()} waits for a leader
 * (up to the request timeout) and may fail with ConnectionLossException; an id whose create had an
 * unknown outcome is never returned (its node, if made, goes with the session). After EXPIRED or
 * CLOSED, {@code next()} fails with SessionExpiredException or ClosedException.
 *
 * <pre>{@code
 * IdGenerator orders = new IdGenerator(coord, "/ids/orders", "order");
 * String id = orders.next();              // "order-20250518-0000000042"
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class IdGenerator {
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private final CoordClient client;
    private final String path;
    private final String prefix;
    private final Clock clock;

    /** Ids {@code <prefix>-<yyyyMMdd>-<sequence>} with today's UTC date, from nodes under {@code path}. */
    public IdGenerator(CoordClient client, String path, String prefix) {
        this(client, path, prefix, Clock.systemUTC());
    }

    /** As above, with the date taken from {@code clock} (and its zone). */
    public IdGenerator(CoordClient client, String path, String prefix, Clock clock) {
        if (prefix.isEmpty() || prefix.contains("/")) {
            throw new IllegalArgumentException("an id prefix must be non-empty and contain no '/', was \"" + prefix + "\"");
        }
        this.client = client;
        this.path = path;
        this.prefix = prefix;
        this.clock = clock;
    }

    /** As above, with {@code acl} on every node it creates (see {@link CoordClient#withAcl}). */
    public IdGenerator(CoordClient client, String path, String prefix, Clock clock, List<Acl> acl) {
        this(client.withAcl(acl), path, prefix, clock);
    }

    /** The next id. */
    public String next() {
        String date = LocalDate.now(clock).format(DATE);
        String node = client.create(path + "/" + prefix + "-" + date + "-", null, CreateMode.EPHEMERAL_SEQUENTIAL,
                CreateParents.PERSISTENT);
        client.deleteAsync(node, -1).exceptionally(e -> null);
        return node.substring(node.lastIndexOf('/') + 1);
    }

    /** The sequence number of an id this generator made. */
    public static long sequenceOf(String id) {
        return Sequence.of(id);
    }
}
