package dev.coord.bench;

import dev.coord.CoordClient;
import dev.coord.CreateMode;
import java.util.concurrent.CompletableFuture;

/** CoordStore is a {@link Store} on a Coord client (a peer's default session or one it opened). */
final class CoordStore implements Store {
    private final CoordClient client;

    CoordStore(CoordClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<?> create(String path, byte[] data) {
        return client.createAsync(path, data, CreateMode.PERSISTENT, 0);
    }

    @Override
    public CompletableFuture<?> setData(String path, byte[] data) {
        return client.setDataAsync(path, data, -1);
    }

    @Override
    public CompletableFuture<?> getData(String path) {
        return client.getDataAsync(path, null);
    }
}
