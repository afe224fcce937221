package dev.coord.bench;

import java.util.concurrent.CompletableFuture;

/**
 * Store is the little a side-by-side workload needs from a znode tree: create, setData and getData,
 * each asynchronous. {@link CoordStore} serves it from a Coord peer's default session, {@link ZkStore}
 * from a ZooKeeper client, so both sides run the same workload code ({@link CompareWorkload}).
 *
 * <p>A future may complete before the call returns (Coord's reads are local); callers must not rely
 * on either.
 */
interface Store {
    /** Creates a persistent node. */
    CompletableFuture<?> create(String path, byte[] data);

    /** Sets a node's data, any version. */
    CompletableFuture<?> setData(String path, byte[] data);

    /** Reads a node's data. */
    CompletableFuture<?> getData(String path);
}
