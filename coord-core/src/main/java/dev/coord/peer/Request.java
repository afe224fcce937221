package dev.coord.peer;

import dev.coord.Acl;
import dev.coord.AddWatchMode;
import dev.coord.CreateMode;
import dev.coord.Op;
import dev.coord.Watcher;
import dev.coord.WatcherType;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Request is one operation an application thread hands to the peer's agent thread, with the future the
 * agent completes. Its outcome fields are set only on the agent thread.
 */
final class Request {
    /** Kind is what the request asks for. */
    enum Kind {
        CREATE, DELETE, SET_DATA, MULTI, EXISTS, GET_DATA, GET_CHILDREN, SYNC, OPEN_SESSION, CLOSE_SESSION,
        /** Leaves a persistent watch: answered locally, in turn, like a read. */
        ADD_WATCH,
        /** Removes watches: answered locally, in turn, like a read. */
        REMOVE_WATCHES,
        GET_ACL,
        SET_ACL
    }

    final Kind kind;
    final ClientSession session;
    final String path;
    final byte[] data;
    final CreateMode mode;
    final long ttlMs;
    final int version;
    final List<Op> ops;
    final Watcher watcher;
    /** For CREATE and SET_ACL: the ACL asked for (as given: "auth" entries are expanded when prepared). */
    List<Acl> acl;
    /**
     * The digest identities of the session when the request was issued (set by the session, in issue
     * order, before the request is queued): what the request's access is checked with.
     */
    List<String> authDigests = List.of();
    /** For ADD_WATCH: the mode; set once by the factory, before the request is queued. */
    AddWatchMode addWatchMode;
    /** For REMOVE_WATCHES: which watches; set once by the factory, before the request is queued. */
    WatcherType watcherType;
    final CompletableFuture<Object> future = new CompletableFuture<>();
    /** True when the session counts this request as outstanding and orders its completion. */
    boolean counted;
    /** The request's place in its session's order (see {@link SessionTurns}). */
    long seq;
    /** Set once the agent has taken the request into its session's order (agent thread only). */
    boolean arrived;
    /** Set once the outcome is known (agent thread only). */
    boolean resolved;
    Object value;
    dev.coord.CoordException error;
    /** For a replicated peer: the prepared transaction, once prepared (agent thread only). */
    dev.coord.txn.Txn txn;
    /** When the session submitted it ({@link Clock#nanoTime()}), for the request latency metric. */
    long submittedNs;
    /** For a replicated peer: when a request held for want of a leader fails (monotonic ms). */
    long deadlineMs;

    private Request(Kind kind, ClientSession session, String path, byte[] data, CreateMode mode, long ttlMs,
                    int version, List<Op> ops, Watcher watcher) {
        this.kind = kind;
        this.session = session;
        this.path = path;
        this.data = data;
        this.mode = mode;
        this.ttlMs = ttlMs;
        this.version = version;
        this.ops = ops;
        this.watcher = watcher;
    }

    static Request create(ClientSession s, String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMs) {
        Request r = new Request(Kind.CREATE, s, path, copy(data), mode, ttlMs, 0, null, null);
        r.acl = acl == null ? null : new java.util.ArrayList<>(acl);
        return r;
    }

    static Request setAcl(ClientSession s, String path, List<Acl> acl, int aversion) {
        Request r = new Request(Kind.SET_ACL, s, path, null, null, 0, aversion, null, null);
        r.acl = acl == null ? null : new java.util.ArrayList<>(acl);
        return r;
    }

    static Request delete(ClientSession s, String path, int version) {
        return new Request(Kind.DELETE, s, path, null, null, 0, version, null, null);
    }

    static Request setData(ClientSession s, String path, byte[] data, int version) {
        return new Request(Kind.SET_DATA, s, path, copy(data), null, 0, version, null, null);
    }

    static Request multi(ClientSession s, List<Op> ops) {
        return new Request(Kind.MULTI, s, null, null, null, 0, 0, copyOps(ops), null);
    }

    /**
     * A private copy of the caller's data, taken on the caller's thread when the request is made, so
     * the caller may reuse its array as soon as the async call returns.
     */
    private static byte[] copy(byte[] data) {
        return data == null ? null : data.clone();
    }

    private static List<Op> copyOps(List<Op> ops) {
        if (ops == null) {
            return null;
        }
        List<Op> copies = new java.util.ArrayList<>(ops.size());
        for (Op op : ops) {
            if (op instanceof Op.Create c) {
                copies.add(new Op.Create(c.path(), copy(c.data()), c.mode(), c.ttlMs(),
                        c.acl() == null ? null : new java.util.ArrayList<>(c.acl())));
            } else if (op instanceof Op.SetData d) {
                copies.add(new Op.SetData(d.path(), copy(d.data()), d.version()));
            } else {
                copies.add(op);
            }
        }
        return copies;
    }

    static Request read(Kind kind, ClientSession s, String path, Watcher watcher) {
        return new Request(kind, s, path, null, null, 0, 0, null, watcher);
    }

    static Request addWatch(ClientSession s, String path, Watcher watcher, AddWatchMode mode) {
        Request r = new Request(Kind.ADD_WATCH, s, path, null, null, 0, 0, null, watcher);
        r.addWatchMode = mode;
        return r;
    }

    /** A removal of the session's watches of {@code type} on {@code path}: of {@code watcher}, or all if null. */
    static Request removeWatches(ClientSession s, String path, Watcher watcher, WatcherType type) {
        Request r = new Request(Kind.REMOVE_WATCHES, s, path, null, null, 0, 0, null, watcher);
        r.watcherType = type;
        return r;
    }

    static Request sync(ClientSession s, String path) {
        return new Request(Kind.SYNC, s, path, null, null, 0, 0, null, null);
    }

    static Request openSession(ClientSession s) {
        return new Request(Kind.OPEN_SESSION, s, null, null, null, 0, 0, null, null);
    }

    static Request closeSession(ClientSession s) {
        return new Request(Kind.CLOSE_SESSION, s, null, null, null, 0, 0, null, null);
    }

    boolean isWrite() {
        return kind == Kind.CREATE || kind == Kind.DELETE || kind == Kind.SET_DATA || kind == Kind.MULTI
                || kind == Kind.SET_ACL;
    }

    /**
     * True for the requests this peer answers from its own tree and watch table when their turn comes:
     * the reads, and the persistent-watch requests.
     */
    boolean isRead() {
        return kind == Kind.EXISTS || kind == Kind.GET_DATA || kind == Kind.GET_CHILDREN
                || kind == Kind.ADD_WATCH || kind == Kind.REMOVE_WATCHES || kind == Kind.GET_ACL;
    }
}
