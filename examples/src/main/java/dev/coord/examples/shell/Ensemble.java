package dev.coord.examples.shell;

import dev.coord.examples.cluster.ObserverSlot;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Ensemble is what the shell's observer joins: the ensemble's name, its voting members, its observer
 * slots, and the slot this shell takes. It comes either from the command line ({@code --members},
 * {@code --observers}, {@code --id}) or from a slot claimed in a cluster directory ({@code --cluster}).
 *
 * @param clusterName the name peers check at the handshake, or empty for the builder's default
 * @param id          the observer slot this shell takes; among {@code observers}
 * @param members     the voting members by id
 * @param observers   the observer slots by id
 */
record Ensemble(Optional<String> clusterName, int id, Map<Integer, InetSocketAddress> members,
                Map<Integer, InetSocketAddress> observers) {

    /** The ensemble of a claimed slot's cluster, with that slot as the shell's. */
    static Ensemble of(ObserverSlot slot) {
        return new Ensemble(Optional.of(slot.config().name()), slot.id(), slot.config().members(), slot.config().observers());
    }

    /** The address this shell's observer listens on. */
    InetSocketAddress ownAddress() {
        return observers.get(id);
    }
}
