package dev.coord.recipes.locks;

import dev.coord.Acl;
import dev.coord.CoordClient;
import java.util.List;

/**
 * ReadWriteLock is a distributed shared/exclusive lock, as the seeds' shared lock describes: readers
 * create {@code read-} nodes and writers {@code write-} nodes, ephemeral-sequential under one path.
 * A reader holds when no writer is ahead of it and watches only the last writer ahead of it; a writer
 * holds when it is first and watches only its predecessor. Readers share; a writer excludes everyone.
 *
 * <p><b>Guarantees.</b> No reader holds while a writer holds, and no two writers hold at once.
 * Contenders are served in arrival order (a writer waits for the readers ahead of it, and readers
 * behind a waiting writer wait for it: writers do not starve). Each grant carries a fencing token:
 * a writer's is larger than every token granted before it and smaller than every token granted after
 * it. Each side is reentrant per thread, and a thread holding the write lock may also take the read
 * lock (downgrade: take the read lock, then release the write lock).
 *
 * <p><b>Session trouble</b> is as for {@link Lock}: listeners are told SUSPENDED, LOST, EXPIRED; a
 * crashed holder releases when its session expires.
 *
 * <pre>{@code
 * ReadWriteLock rw = new ReadWriteLock(coord, "/locks/catalog");
 * try (Grant read = rw.readLock().lock()) {
 *     render(catalog);
 * }
 * try (Grant write = rw.writeLock().lock()) {
 *     catalog.update(change, write.fencingToken());
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ReadWriteLock implements AutoCloseable {
    private final Lock writeLock;
    private final Lock readLock;

    /** A read-write lock on {@code path} (created as a persistent node on first use). */
    public ReadWriteLock(CoordClient client, String path) {
        this.writeLock = new Lock(new LockDriver(client, path, LockDecider.WRITE, false), LockDecider::exclusive);
        this.readLock = new Lock(new LockDriver(client, path, LockDecider.READ, false),
                (children, ours) -> LockDecider.read(children, ours, writeLock.heldNodeName(Thread.currentThread())));
    }

    /** As above, with {@code acl} on every node it creates (see {@link CoordClient#withAcl}). */
    public ReadWriteLock(CoordClient client, String path, List<Acl> acl) {
        this(client.withAcl(acl), path);
    }

    /** The shared side. */
    public Lock readLock() {
        return readLock;
    }

    /** The exclusive side. */
    public Lock writeLock() {
        return writeLock;
    }

    /** Adds a listener to both sides. */
    public void addListener(LockListener listener) {
        readLock.addListener(listener);
        writeLock.addListener(listener);
    }

    @Override
    public void close() {
        readLock.close();
        writeLock.close();
    }
}
