package dev.coord.bench;

import java.util.concurrent.CompletableFuture;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * ZkStore is a {@link Store} on an Apache ZooKeeper client: its asynchronous calls, each completing a
 * future from the client's event thread (as an async ZooKeeper application would).
 */
final class ZkStore implements Store {
    private final ZooKeeper zk;

    ZkStore(ZooKeeper zk) {
        this.zk = zk;
    }

    @Override
    public CompletableFuture<?> create(String path, byte[] data) {
        CompletableFuture<String> f = new CompletableFuture<>();
        zk.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                (rc, p, ctx, name) -> complete(f, rc, p, name), null);
        return f;
    }

    @Override
    public CompletableFuture<?> setData(String path, byte[] data) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        zk.setData(path, data, -1, (rc, p, ctx, stat) -> complete(f, rc, p, stat), null);
        return f;
    }

    @Override
    public CompletableFuture<?> getData(String path) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        zk.getData(path, false, (rc, p, ctx, data, stat) -> complete(f, rc, p, data), null);
        return f;
    }

    private static <T> void complete(CompletableFuture<T> f, int rc, String path, T value) {
        if (rc == KeeperException.Code.OK.intValue()) {
            f.complete(value);
        } else {
            f.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), path));
        }
    }
}
