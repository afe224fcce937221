package dev.coord;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * AclApplyingClient is the view {@link CoordClient#withAcl} returns: the same session, whose creates
 * that name no ACL get {@code acl} instead of {@link Acl#OPEN_ACL_UNSAFE}. Everything else is passed
 * through unchanged, so the view can be handed to code that creates nodes without knowing of ACLs (the
 * recipes do exactly that).
 *
 * <p>A create "names no ACL" when it uses an overload without one, or when its ACL is the very
 * {@link Acl#OPEN_ACL_UNSAFE} list (which is what {@link Op#create(String, byte[], CreateMode)} puts in
 * a multi). Thread-safe as the session it wraps.
 */
final class AclApplyingClient implements CoordClient {
    private final CoordClient session;
    private final List<Acl> acl;

    AclApplyingClient(CoordClient session, List<Acl> acl) {
        this.session = Objects.requireNonNull(session, "session");
        Objects.requireNonNull(acl, "acl");
        if (acl.isEmpty()) {
            throw new IllegalArgumentException("withAcl: the ACL is empty; give at least one entry");
        }
        this.acl = List.copyOf(acl);
    }

    private List<Acl> orOurs(List<Acl> given) {
        return given == Acl.OPEN_ACL_UNSAFE ? acl : given;
    }

    @Override
    public CompletableFuture<String> createAsync(String path, byte[] data, CreateMode mode, long ttlMs) {
        return session.createAsync(path, data, acl, mode, ttlMs);
    }

    @Override
    public CompletableFuture<String> createAsync(String path, byte[] data, List<Acl> given, CreateMode mode, long ttlMs) {
        return session.createAsync(path, data, orOurs(given), mode, ttlMs);
    }

    @Override
    public CompletableFuture<String> createAsync(String path, byte[] data, CreateMode mode, long ttlMs,
                                                 CreateParents parents) {
        return createAsync(path, data, acl, mode, ttlMs, parents);
    }

    @Override
    public CompletableFuture<List<OpResult>> multiAsync(List<Op> ops) {
        if (ops == null) {
            return session.multiAsync(null);
        }
        List<Op> rewritten = new ArrayList<>(ops.size());
        for (Op op : ops) {
            rewritten.add(op instanceof Op.Create c && c.acl() == Acl.OPEN_ACL_UNSAFE
                    ? new Op.Create(c.path(), c.data(), c.mode(), c.ttlMs(), acl) : op);
        }
        return session.multiAsync(rewritten);
    }

    @Override
    public CoordClient withAcl(List<Acl> other) {
        return new AclApplyingClient(session, other);
    }

    // ---- passed through ----

    @Override
    public long sessionId() {
        return session.sessionId();
    }

    @Override
    public SessionState state() {
        return session.state();
    }

    @Override
    public void addSessionListener(SessionListener listener) {
        session.addSessionListener(listener);
    }

    @Override
    public void removeSessionListener(SessionListener listener) {
        session.removeSessionListener(listener);
    }

    @Override
    public CompletableFuture<Void> deleteAsync(String path, int version) {
        return session.deleteAsync(path, version);
    }

    @Override
    public CompletableFuture<Stat> setDataAsync(String path, byte[] data, int version) {
        return session.setDataAsync(path, data, version);
    }

    @Override
    public CompletableFuture<Stat> existsAsync(String path, Watcher watcher) {
        return session.existsAsync(path, watcher);
    }

    @Override
    public CompletableFuture<NodeData> getDataAsync(String path, Watcher watcher) {
        return session.getDataAsync(path, watcher);
    }

    @Override
    public CompletableFuture<List<String>> getChildrenAsync(String path, Watcher watcher) {
        return session.getChildrenAsync(path, watcher);
    }

    @Override
    public CompletableFuture<Void> addWatchAsync(String path, Watcher watcher, AddWatchMode mode) {
        return session.addWatchAsync(path, watcher, mode);
    }

    @Override
    public CompletableFuture<Void> removeWatchesAsync(String path, Watcher watcher, WatcherType type) {
        return session.removeWatchesAsync(path, watcher, type);
    }

    @Override
    public CompletableFuture<AclStat> getACLAsync(String path) {
        return session.getACLAsync(path);
    }

    @Override
    public CompletableFuture<Stat> setACLAsync(String path, List<Acl> given, int aversion) {
        return session.setACLAsync(path, given, aversion);
    }

    @Override
    public void addAuth(String scheme, byte[] credentials) {
        session.addAuth(scheme, credentials);
    }

    @Override
    public CompletableFuture<Void> syncAsync(String path) {
        return session.syncAsync(path);
    }

    @Override
    public String toString() {
        return session + " with ACL " + acl;
    }
}
