package dev.coord.examples.cluster;

import dev.coord.Coordinator;
import dev.coord.examples.OptionValues;
import java.io.IOException;
import java.nio.file.Path;

/**
 * ClusterConnection is an example program's own peer: an observer that replicates the tree and serves
 * the program's sessions, but never votes, so the ensemble serves whether it is there or not.
 *
 * <p>{@link #join(Path)} takes the first free observer slot of a cluster the launcher started;
 * {@link #local()} first starts a three-voter ensemble inside this JVM and joins that. Either way the
 * observer keeps its tree in memory: it catches up from the leader each time it joins.
 *
 * <p>Closing it closes the observer (its sessions end, their ephemerals go at once), frees the slot,
 * and stops the local ensemble if there is one.
 */
public final class ClusterConnection implements AutoCloseable {
    private final Coordinator coordinator;
    private final ObserverSlot slot;
    private final LocalEnsemble local;
    private final String description;

    private ClusterConnection(Coordinator coordinator, ObserverSlot slot, LocalEnsemble local, String description) {
        this.coordinator = coordinator;
        this.slot = slot;
        this.local = local;
        this.description = description;
    }

    /**
     * Joins the cluster in {@code dir} as its first free observer slot; returns once the observer serves.
     *
     * @throws IllegalArgumentException if {@code dir} holds no cluster configuration
     * @throws IllegalStateException    if every observer slot is taken
     */
    public static ClusterConnection join(Path dir) throws IOException {
        ObserverSlot slot = ObserverSlot.claimFirstFree(dir);
        try {
            ClusterConfig config = slot.config();
            Coordinator coord = config.builder(slot.id()).start();
            return new ClusterConnection(coord, slot, null, "joined the cluster in " + dir.toAbsolutePath().normalize()
                    + " as observer " + slot.id() + " (" + config.observers().get(slot.id()).getPort() + "); leader is peer "
                    + coord.status().leaderId());
        } catch (RuntimeException e) {
            slot.close();
            throw e;
        }
    }

    /** Starts a three-voter ensemble in this JVM and joins it as observer 11. */
    public static ClusterConnection local() throws IOException {
        LocalEnsemble ensemble = LocalEnsemble.start();
        try {
            Coordinator coord = ensemble.config().builder(ClusterConfig.FIRST_SLOT).start();
            return new ClusterConnection(coord, null, ensemble, "started 3 voters in this JVM ("
                    + OptionValues.format(ensemble.config().members()) + ") and joined as observer "
                    + ClusterConfig.FIRST_SLOT + "; leader is peer " + coord.status().leaderId());
        } catch (RuntimeException e) {
            ensemble.close();
            throw e;
        }
    }

    /** The observer: open sessions on it, or use its default session. */
    public Coordinator coordinator() {
        return coordinator;
    }

    /** One line saying what this connection is. */
    public String description() {
        return description;
    }

    @Override
    public void close() throws IOException {
        try {
            coordinator.close();
        } finally {
            if (slot != null) {
                slot.close();
            }
            if (local != null) {
                local.close();
            }
        }
    }
}
