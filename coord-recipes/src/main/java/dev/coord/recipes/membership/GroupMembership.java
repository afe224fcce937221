package dev.coord.recipes.membership;

import dev.coord.Acl;
import dev.coord.CoordClient;
import dev.coord.CoordException;
import dev.coord.CreateMode;
import dev.coord.CreateParents;
import dev.coord.EventType;
import dev.coord.SessionListener;
import dev.coord.Stat;
import dev.coord.WatchedEvent;
import dev.coord.recipes.cache.CachedNode;
import dev.coord.recipes.cache.TreeCache;
import dev.coord.recipes.cache.TreeCacheEvent;
import dev.coord.recipes.internal.Sessions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * GroupMembership is the live member list of a group (the seeds' cluster management: "each system
 * keeps an ephemeral node under /groupMember; the others watch the children"), and the way to join it.
 *
 * <p><b>How.</b> A member is an ephemeral node {@code group/<memberId>} holding the member's payload
 * (an address, a port, metadata). The list is a {@link TreeCache} of depth 1 on the group, so it
 * follows joins, payload changes and departures with one persistent watch and local reads, and
 * listeners get the whole new list after each change.
 *
 * <p><b>Guarantees.</b> The list converges to the group's members as this peer sees them; a member
 * whose process dies leaves when its session expires (within the session timeout plus a tick). A
 * member joined through {@link #join} watches its own node and, if someone else deletes it while the
 * session is alive, joins again.
 *
 * <p><b>Session trouble.</b> While suspended the list may be stale; after reconnecting it is re-read.
 * When the session expires this member's nodes are gone and the list stops changing: open a new
 * session and a new GroupMembership.
 *
 * <pre>{@code
 * GroupMembership workers = new GroupMembership(coord, "/groups/workers");
 * workers.addListener(members -> rebalance(members.keySet()));
 * workers.start();
 * Member me = workers.join("worker-" + host, address.getBytes(UTF_8));
 * }</pre>
 *
 * <p>Thread-safe; listeners run on the list's own thread.
 */
public final class GroupMembership implements AutoCloseable {
    /** Listener gets the members (id to payload, sorted by id) after each change. */
    @FunctionalInterface
    public interface Listener {
        void membersChanged(Map<String, byte[]> members);
    }

    /**
     * Member is this process's membership; closing it leaves the group. It watches its own node, and
     * creates it again if someone else deletes it while the session lives.
     */
    public final class Member implements AutoCloseable {
        private final String id;
        private volatile byte[] payload;
        private volatile boolean left;

        private Member(String id, byte[] payload) {
            this.id = id;
            this.payload = payload;
        }

        public String id() {
            return id;
        }

        private String path() {
            return group + "/" + id;
        }

        /** Leaves a watch on the member's node; creates the node again if it is missing. */
        private void watchOwnNode() {
            if (left) {
                return;
            }
            client.existsAsync(path(), this::onOwnNodeEvent).whenComplete((stat, error) -> {
                if (error == null && stat == null) {
                    recreate();
                }
            });
        }

        /** On the session's dispatcher thread: our node changed; if it went, bring it back. */
        private void onOwnNodeEvent(WatchedEvent event) {
            if (event.type() == EventType.NODE_DELETED) {
                recreate();
            } else {
                watchOwnNode();
            }
        }

        private void recreate() {
            if (left || !Sessions.isServing(client.state())) {
                return;                                        // retried when the session reconnects
            }
            client.createAsync(path(), payload, CreateMode.EPHEMERAL, 0, CreateParents.PERSISTENT)
                    .whenComplete((created, error) -> {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                        if (cause == null || cause instanceof CoordException.NodeExistsException) {
                            watchOwnNode();
                        }
                    });
        }

        /** Replaces this member's payload (one write). */
        public void setPayload(byte[] newPayload) {
            payload = newPayload.clone();
            client.setData(group + "/" + id, newPayload, -1);
        }

        /** Leaves the group. Idempotent. */
        @Override
        public void close() {
            if (!left) {
                left = true;
                joined.remove(id);
                try {
                    client.delete(group + "/" + id, -1);
                } catch (CoordException.NoNodeException | CoordException.SessionExpiredException
                         | CoordException.ClosedException e) {
                    // Gone already, or going with the session.
                }
            }
        }
    }

    private final CoordClient client;
    private final String group;
    private final TreeCache cache;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Member> joined = new ConcurrentHashMap<>();
    private final SessionListener sessionListener;

    public GroupMembership(CoordClient client, String group) {
        this.client = client;
        this.group = group;
        this.cache = new TreeCache(client, group, 1);
        cache.addListener(this::onCacheEvent);
        this.sessionListener = state -> {
            if (Sessions.isServing(state)) {
                joined.values().forEach(Member::watchOwnNode);
            }
        };
        client.addSessionListener(sessionListener);
    }

    /** As above, with {@code acl} on every node it creates (see {@link CoordClient#withAcl}). */
    public GroupMembership(CoordClient client, String group, List<Acl> acl) {
        this(client.withAcl(acl), group);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Starts following the group; returns once {@link #members()} reflects it. */
    public void start() {
        cache.start();
    }

    /**
     * Joins the group as {@code memberId} with {@code payload} (creating the group's path if missing);
     * throws NodeExistsException if another session is that member.
     */
    public Member join(String memberId, byte[] payload) {
        Member member = new Member(memberId, payload == null ? new byte[0] : payload.clone());
        create(member);
        joined.put(memberId, member);
        member.watchOwnNode();
        return member;
    }

    private void create(Member member) {
        try {
            client.create(group + "/" + member.id, member.payload, CreateMode.EPHEMERAL, CreateParents.PERSISTENT);
        } catch (CoordException.NodeExistsException e) {
            Stat stat = client.exists(group + "/" + member.id);
            if (stat == null || stat.ephemeralOwner() != client.sessionId()) {
                throw e;
            }
        }
    }

    /** The members as last seen: id to payload, sorted by id. */
    public Map<String, byte[]> members() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (CachedNode n : cache.children(group).values()) {
            out.put(n.name(), n.data());
        }
        return Collections.unmodifiableMap(out);
    }

    /** The member ids as last seen, sorted. */
    public Set<String> memberIds() {
        return members().keySet();
    }

    private void onCacheEvent(TreeCacheEvent event) {
        switch (event.type()) {
            case ADDED, UPDATED, REMOVED -> {
                if (event.node() == null || event.node().path().equals(group)) {
                    return;
                }
                Map<String, byte[]> now = members();
                listeners.forEach(l -> l.membersChanged(now));
            }
            default -> { }
        }
    }

    /** Leaves every membership joined through this object and stops following the group. */
    @Override
    public void close() {
        for (Member m : joined.values()) {
            m.close();
        }
        client.removeSessionListener(sessionListener);
        cache.close();
    }
}
