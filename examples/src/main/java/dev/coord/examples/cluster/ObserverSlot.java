package dev.coord.examples.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * ObserverSlot is one observer id of a cluster held by this process: the lock on
 * {@code DIR/slots/N.lock}, and the cluster's configuration to join it with. The operating system
 * releases the lock when the process ends, however it ends, so a crashed program never leaves its slot
 * taken. Every program that joins a cluster the launcher started (the examples through
 * {@link ClusterConnection}, the shell) claims its slot here.
 */
public final class ObserverSlot implements AutoCloseable {
    private final int id;
    private final ClusterConfig config;
    private final FileChannel channel;
    private final FileLock lock;

    private ObserverSlot(int id, ClusterConfig config, FileChannel channel, FileLock lock) {
        this.id = id;
        this.config = config;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Reads the configuration of the cluster in {@code dir} and claims its lowest free observer slot.
     *
     * @throws IllegalArgumentException if {@code dir} holds no cluster configuration, naming the file and
     *                                  the command that makes one
     * @throws IllegalStateException    if every slot is held
     */
    public static ObserverSlot claimFirstFree(Path dir) throws IOException {
        ClusterFiles files = new ClusterFiles(dir.toAbsolutePath().normalize());
        return claimFirstFree(files, ClusterConfig.read(files.dir()));
    }

    /**
     * Claims the lowest free observer slot of the cluster in {@code files}.
     *
     * @throws IllegalStateException if every slot is held
     */
    static ObserverSlot claimFirstFree(ClusterFiles files, ClusterConfig config) throws IOException {
        Files.createDirectories(files.slotLock(0).getParent());
        for (int id : config.observers().keySet()) {
            FileChannel channel = FileChannel.open(files.slotLock(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;                                 // held by this JVM already
            }
            if (lock == null) {
                channel.close();
                continue;
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            return new ObserverSlot(id, config, channel, lock);
        }
        throw new IllegalStateException("every observer slot of " + files.dir() + " (" + config.observers().keySet()
                + ") is in use by another program: wait for one to end");
    }

    /** The observer's peer id. */
    public int id() {
        return id;
    }

    /** The configuration of the slot's cluster, as read when the slot was claimed. */
    public ClusterConfig config() {
        return config;
    }

    /** Frees the slot. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
