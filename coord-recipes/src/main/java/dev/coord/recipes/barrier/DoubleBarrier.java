package dev.coord.recipes.barrier;

import dev.coord.Acl;
import dev.coord.CoordClient;
import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.CreateParents;
import dev.coord.Op;
import dev.coord.Stat;
import dev.coord.recipes.internal.Deadline;
import dev.coord.recipes.internal.SessionWakeups;
import dev.coord.recipes.internal.Sessions;
import dev.coord.recipes.internal.Wakeup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * DoubleBarrier lets N members start together and finish together (the seeds' barrier, ZooKeeper's
 * double-barrier recipe): {@link #enter()} returns once N members have entered, {@link #leave()} once
 * every member that entered has left.
 *
 * <p><b>How.</b> Entering creates the ephemeral node {@code path/memberId} and watches
 * {@code path/ready}; the member that sees N members creates {@code ready}, which wakes the others.
 * Leaving follows the ZooKeeper recipe: the lowest member waits for the highest to go; every other
 * member deletes its node and waits for the lowest to go; the last member deletes its node and
 * {@code ready} in one multi, so the path can serve the next round.
 *
 * <p><b>Guarantees.</b> No member returns from {@code enter} before N members have created their
 * nodes, and none returns from {@code leave} before every member's node is gone. Member ids must be
 * unique per round. A member that times out of {@code enter} removes its node, so it is not counted.
 * Members must not enter the next round through the same path before the last one has left.
 *
 * <p><b>Session trouble.</b> Waiting goes on while suspended; a member whose session expires is gone
 * from the barrier (its node is ephemeral): in {@code enter} it is no longer counted, in {@code leave}
 * it counts as left. A blocked call fails with SessionExpiredException when its own session ends.
 * If members die after {@code ready} was created and before the last one leaves, {@code ready} stays:
 * delete the path before reusing it.
 *
 * <pre>{@code
 * DoubleBarrier round = new DoubleBarrier(session, "/barriers/round-7", "worker-3", 5);
 * round.enter();
 * compute();
 * round.leave();
 * }</pre>
 *
 * <p>Thread-safe per instance for one member; use one instance per member.
 */
public final class DoubleBarrier {
    private static final String READY = "ready";

    private final CoordClient client;
    private final String path;
    private final String memberId;
    private final String ourPath;
    private final int members;

    /** Member {@code memberId} of a barrier of {@code members} members at {@code path}. */
    public DoubleBarrier(CoordClient client, String path, String memberId, int members) {
        if (members < 1) {
            throw new IllegalArgumentException("a barrier needs at least one member, was " + members);
        }
        if (READY.equals(memberId)) {
            throw new IllegalArgumentException("\"" + READY + "\" is reserved and cannot be a member id");
        }
        this.client = client;
        this.path = path;
        this.memberId = memberId;
        this.ourPath = path + "/" + memberId;
        this.members = members;
    }

    /** As above, with {@code acl} on every node it creates (see {@link CoordClient#withAcl}). */
    public DoubleBarrier(CoordClient client, String path, String memberId, int members, List<Acl> acl) {
        this(client.withAcl(acl), path, memberId, members);
    }

    /** Enters and waits until all members have entered. */
    public void enter() throws InterruptedException {
        enter(Deadline.NONE);
    }

    /** Enters and waits until all members have entered; false (and not entered) if {@code timeout} passes first. */
    public boolean enter(Duration timeout) throws InterruptedException {
        return enter(Deadline.after(timeout));
    }

    private boolean enter(long deadlineNs) throws InterruptedException {
        try {
            client.create(ourPath, null, CreateMode.EPHEMERAL, CreateParents.PERSISTENT);
        } catch (CoordException.NodeExistsException e) {
            Stat stat = client.exists(ourPath);
            if (stat == null || stat.ephemeralOwner() != client.sessionId()) {
                throw new IllegalStateException("member " + memberId + " of " + path + " is already taken by another session");
            }
        }
        boolean entered = false;
        try (SessionWakeups wakeups = new SessionWakeups(client)) {
            while (true) {
                Wakeup w = wakeups.take();
                try {
                    Sessions.checkAlive(client.state(), "the double barrier " + path);
                    if (client.exists(path + "/" + READY, w) != null) {
                        entered = true;
                        return true;
                    }
                    if (memberNodes().size() >= members) {
                        createReady();
                        entered = true;
                        return true;
                    }
                    if (!w.await(deadlineNs)) {
                        return false;
                    }
                } finally {
                    wakeups.done(w);
                }
            }
        } finally {
            if (!entered) {
                deleteQuietly(ourPath);
            }
        }
    }

    private void createReady() {
        try {
            client.create(path + "/" + READY, null, CreateMode.PERSISTENT);
        } catch (CoordException.NodeExistsException e) {
            // Another member saw N first.
        }
    }

    /** Leaves and waits until every member has left. */
    public void leave() throws InterruptedException {
        leave(Deadline.NONE);
    }

    /** Leaves and waits until every member has left; false if {@code timeout} passes first (having left). */
    public boolean leave(Duration timeout) throws InterruptedException {
        return leave(Deadline.after(timeout));
    }

    private boolean leave(long deadlineNs) throws InterruptedException {
        try (SessionWakeups wakeups = new SessionWakeups(client)) {
            while (true) {
                Wakeup w = wakeups.take();
                try {
                    Sessions.checkAlive(client.state(), "the double barrier " + path);
                    List<String> left = memberNodes();
                    if (left.isEmpty()) {
                        return true;
                    }
                    if (left.size() == 1 && left.get(0).equals(memberId)) {
                        deleteLast();
                        return true;
                    }
                    String waitFor;
                    if (left.get(0).equals(memberId)) {
                        waitFor = left.get(left.size() - 1);
                    } else {
                        if (left.contains(memberId)) {
                            deleteQuietly(ourPath);
                        }
                        waitFor = left.get(0);
                    }
                    if (client.exists(path + "/" + waitFor, w) == null) {
                        continue;
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

    /** The last member out deletes its node and the ready node together, leaving the path clean. */
    private void deleteLast() {
        try {
            client.multi(List.of(Op.delete(ourPath, -1), Op.delete(path + "/" + READY, -1)));
        } catch (CoordException.NoNodeException e) {
            deleteQuietly(ourPath);
            deleteQuietly(path + "/" + READY);
        }
    }

    /** The members' node names (without {@code ready}), sorted. */
    private List<String> memberNodes() {
        List<String> names;
        try {
            names = new ArrayList<>(client.getChildren(path));
        } catch (CoordException.NoNodeException e) {
            return List.of();
        }
        names.remove(READY);
        names.sort(null);
        return names;
    }

    private void deleteQuietly(String node) {
        try {
            client.delete(node, -1);
        } catch (CoordException.NoNodeException e) {
            // Gone already.
        }
    }
}
