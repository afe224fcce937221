package dev.coord;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * CoordClient is everything one session can do with the znode tree. {@link Coordinator} implements it
 * with its default session, {@link Session} with its own.
 *
 * <p>Paths follow ZooKeeper's rules: absolute, '/'-separated, no empty, "." or ".." segment, no
 * trailing '/', no control characters. Data is at most the configured limit (1 MiB by default). A
 * version of {@code -1} means "any version". Bad input throws {@link CoordException.BadArgumentsException}
 * naming the path and the rule broken, and changes nothing.
 *
 * <p>Ordering: the operations of one session take effect in the order they were issued, also when
 * issued through the async methods without waiting. Writes are linearizable. Reads are served by the
 * local peer and are sequentially consistent: a session never sees state older than it has seen
 * before, and always sees its own completed writes. {@link #sync} makes later reads reflect every write
 * committed before it began. A write's future completes only after the local tree applied it and, with
 * {@link Durability#FSYNC}, after its log record was forced to disk.
 *
 * <p>The synchronous methods join the async ones and rethrow the {@link CoordException} they fail with.
 */
public interface CoordClient {
    /** The session's id: the zxid of the transaction that created it. */
    long sessionId();

    /** The session's current state. */
    SessionState state();

    /** Registers a listener for later state changes of this session. */
    void addSessionListener(SessionListener listener);

    /** Unregisters a listener; it may still be told of a change already under way. */
    void removeSessionListener(SessionListener listener);

    // ---- writes ----

    /** Creates a node and returns its actual path (with the sequential suffix, if any). */
    default String create(String path, byte[] data, CreateMode mode) {
        return Futures.join(createAsync(path, data, mode, 0));
    }

    /** Creates a node with a TTL (only for the {@code *_WITH_TTL} modes) and returns its actual path. */
    default String create(String path, byte[] data, CreateMode mode, long ttlMs) {
        return Futures.join(createAsync(path, data, mode, ttlMs));
    }

    /** Async {@link #create(String, byte[], CreateMode, long)}; use ttlMs 0 for modes without a TTL. */
    default CompletableFuture<String> createAsync(String path, byte[] data, CreateMode mode, long ttlMs) {
        return createAsync(path, data, Acl.OPEN_ACL_UNSAFE, mode, ttlMs);
    }

    /**
     * Creates a node with the access control list {@code acl} and returns its actual path. Needs
     * {@link Perms#CREATE} on the parent. Entries of scheme "auth" are replaced by the session's
     * authenticated identities (InvalidAclException if it has none). The creates that name no ACL use
     * {@link Acl#OPEN_ACL_UNSAFE}.
     */
    default String create(String path, byte[] data, List<Acl> acl, CreateMode mode) {
        return Futures.join(createAsync(path, data, acl, mode, 0));
    }

    /** As {@link #create(String, byte[], List, CreateMode)}, with a TTL for the TTL modes. */
    default String create(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMs) {
        return Futures.join(createAsync(path, data, acl, mode, ttlMs));
    }

    /** Async {@link #create(String, byte[], List, CreateMode, long)}. */
    CompletableFuture<String> createAsync(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMs);

    /**
     * Creates a node, first creating its missing ancestors as {@code parents} says, and returns its
     * actual path.
     *
     * <p>Not atomic, but tolerant of races: the node is created directly when its parent exists (one
     * write, as a plain create). Otherwise the missing ancestors are created top-down, each create
     * tolerating a node that already exists, pipelined with the node's own create in one round trip;
     * if an ancestor is deleted again before the node is created (a container emptied by someone
     * else, say), it tries again a few times before failing with NoNodeException. An ancestor this call
     * created stays even if the node's own create then fails (for example with NodeExistsException).
     *
     * <p>NB: when the ancestors had to be created, the node's create is issued again, so it takes effect
     * after requests this session issued later (a sequential node may get a higher number than the one
     * of a later async create): when their order matters, create the parent once first, or wait for
     * each such create before issuing the next.
     */
    default String create(String path, byte[] data, CreateMode mode, CreateParents parents) {
        return Futures.join(createAsync(path, data, mode, 0, parents));
    }

    /** Async {@link #create(String, byte[], CreateMode, CreateParents)}, with a TTL for the TTL modes. */
    default CompletableFuture<String> createAsync(String path, byte[] data, CreateMode mode, long ttlMs,
                                                  CreateParents parents) {
        return ParentCreation.create(this, path, data, Acl.OPEN_ACL_UNSAFE, mode, ttlMs, parents);
    }

    /**
     * As {@link #create(String, byte[], CreateMode, CreateParents)}; missing ancestors get the same
     * {@code acl}, so it must grant this session CREATE for the node itself to be created below them.
     */
    default String create(String path, byte[] data, List<Acl> acl, CreateMode mode, CreateParents parents) {
        return Futures.join(createAsync(path, data, acl, mode, 0, parents));
    }

    /** Async {@link #create(String, byte[], List, CreateMode, CreateParents)}, with a TTL for the TTL modes. */
    default CompletableFuture<String> createAsync(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMs,
                                                  CreateParents parents) {
        return ParentCreation.create(this, path, data, acl, mode, ttlMs, parents);
    }

    /** Deletes a childless node whose version matches. */
    default void delete(String path, int version) {
        Futures.join(deleteAsync(path, version));
    }

    CompletableFuture<Void> deleteAsync(String path, int version);

    /** Sets a node's data if its version matches; returns the new stat. */
    default Stat setData(String path, byte[] data, int version) {
        return Futures.join(setDataAsync(path, data, version));
    }

    CompletableFuture<Stat> setDataAsync(String path, byte[] data, int version);

    /**
     * Applies all ops atomically and returns one result per op; if any op fails, none applies and the
     * first failure's exception is thrown with every op's result attached.
     */
    default List<OpResult> multi(List<Op> ops) {
        return Futures.join(multiAsync(ops));
    }

    CompletableFuture<List<OpResult>> multiAsync(List<Op> ops);

    // ---- reads ----

    /** The node's stat, or null if it does not exist. */
    default Stat exists(String path) {
        return Futures.join(existsAsync(path, null));
    }

    /**
     * The node's stat, or null; leaves a watch that fires on the node's creation, deletion or data
     * change, whichever comes first after this read (also when the node does not exist).
     */
    default Stat exists(String path, Watcher watcher) {
        return Futures.join(existsAsync(path, watcher));
    }

    CompletableFuture<Stat> existsAsync(String path, Watcher watcher);

    /** The node's data and stat; throws NoNodeException if it does not exist. */
    default NodeData getData(String path) {
        return Futures.join(getDataAsync(path, null));
    }

    /** As {@link #getData(String)}, and leaves a watch for the node's next data change or deletion. */
    default NodeData getData(String path, Watcher watcher) {
        return Futures.join(getDataAsync(path, watcher));
    }

    CompletableFuture<NodeData> getDataAsync(String path, Watcher watcher);

    /** The node's children's names, sorted; throws NoNodeException if it does not exist. */
    default List<String> getChildren(String path) {
        return Futures.join(getChildrenAsync(path, null));
    }

    /** As {@link #getChildren(String)}, and leaves a watch for the next child change or the node's deletion. */
    default List<String> getChildren(String path, Watcher watcher) {
        return Futures.join(getChildrenAsync(path, watcher));
    }

    CompletableFuture<List<String>> getChildrenAsync(String path, Watcher watcher);

    // ---- persistent watches ----

    /**
     * Leaves a persistent watch on {@code path}, which need not exist (ZooKeeper 3.6's addWatch). It
     * fires for every change {@code mode} covers that is applied after this call took effect, in zxid
     * order with the session's other events, and stays registered when it fires, until
     * {@link #removeWatches} removes it or the session ends. Adding the same watcher again in the same
     * mode on the same path changes nothing. A watcher that is registered several ways (persistent,
     * recursive on an ancestor, one-shot) gets one event per change.
     *
     * <p>No gap: a read made after this call returns state at least as new as the watch, so every
     * later change is either in what the read returned or arrives as an event (or both).
     */
    default void addWatch(String path, Watcher watcher, AddWatchMode mode) {
        Futures.join(addWatchAsync(path, watcher, mode));
    }

    CompletableFuture<Void> addWatchAsync(String path, Watcher watcher, AddWatchMode mode);

    /**
     * Removes this session's watches of {@code type} that {@code watcher} left on {@code path}. Each
     * removed watch's watcher is told with a DATA_WATCH_REMOVED, CHILD_WATCH_REMOVED or
     * PERSISTENT_WATCH_REMOVED event, after every event it received before, and gets no event for it
     * after. Throws NoWatcherException if there was no such watch.
     */
    default void removeWatches(String path, Watcher watcher, WatcherType type) {
        Futures.join(removeWatchesAsync(path, watcher, type));
    }

    /** As {@link #removeWatches}, for every watcher of this session on {@code path}. */
    default void removeAllWatches(String path, WatcherType type) {
        Futures.join(removeWatchesAsync(path, null, type));
    }

    /** Async {@link #removeWatches}; a null watcher means every watcher ({@link #removeAllWatches}). */
    CompletableFuture<Void> removeWatchesAsync(String path, Watcher watcher, WatcherType type);

    // ---- access control ----

    /**
     * The node's ACL and stat. Needs {@link Perms#READ} or {@link Perms#ADMIN} on the node; throws
     * NoNodeException if it does not exist.
     */
    default AclStat getACL(String path) {
        return Futures.join(getACLAsync(path));
    }

    CompletableFuture<AclStat> getACLAsync(String path);

    /**
     * Replaces the node's ACL if its ACL version ({@link Stat#aversion()}) is {@code aversion} ({@code -1}:
     * any); returns the new stat. Needs {@link Perms#ADMIN} on the node. Fires no watch.
     */
    default Stat setACL(String path, List<Acl> acl, int aversion) {
        return Futures.join(setACLAsync(path, acl, aversion));
    }

    CompletableFuture<Stat> setACLAsync(String path, List<Acl> acl, int aversion);

    /**
     * Adds an identity to this session, for the requests it issues after this call. The only scheme is
     * "digest", with credentials {@code user:password} (UTF-8); the session then matches the ACL entries
     * {@code digest:user:base64(sha1(user:password))}. The password never leaves this peer: only the
     * digest is kept and sent. Throws AuthFailedException for another scheme or malformed credentials.
     */
    void addAuth(String scheme, byte[] credentials);

    /**
     * A view of this session whose creates that name no ACL (the overloads without one, and multi ops
     * made with {@link Op#create(String, byte[], CreateMode)}) use {@code acl}; everything else acts as
     * this session does. Hand it to code that creates nodes without knowing of ACLs, such as the
     * recipes of coord-recipes: {@code new Lock(coord.withAcl(acl), "/locks/a")}.
     */
    default CoordClient withAcl(List<Acl> acl) {
        return new AclApplyingClient(this, acl);
    }

    /** Waits until this peer has applied every write committed before the call began. */
    default void sync(String path) {
        Futures.join(syncAsync(path));
    }

    CompletableFuture<Void> syncAsync(String path);
}
