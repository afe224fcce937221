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
    CompletableFuture<String> createAsync(String path, byte[] data, CreateMode mode, long ttlMs);

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

    /** Waits until this peer has applied every write committed before the call began. */
    default void sync(String path) {
        Futures.join(syncAsync(path));
    }

    CompletableFuture<Void> syncAsync(String path);
}
