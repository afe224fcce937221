package dev.coord.peer;

import dev.coord.Role;
import dev.coord.Status;
import dev.coord.transport.Transport;
import dev.coord.tree.DataTree;
import dev.coord.zab.Zab;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ReplicatedStatus builds a replicated peer's {@link Status}: its role as ZAB sees it (LOOKING once the
 * peer has failed), and each member's state as far as this peer knows: its own role (with "not serving"
 * and "disk full" when they apply), the leader, the learners a leader tracks, and otherwise whether a
 * connection to the member is up.
 *
 * <p>Agent thread only (it reads ZAB and the transport).
 */
final class ReplicatedStatus {
    private ReplicatedStatus() {
    }

    /**
     * @param diskNote      why a full disk holds the peer back (e.g. {@code disk full: DIR}), or null
     * @param failed        whether the peer has stopped after an error
     */
    static Status of(PeerConfig config, EnsembleConfig ensemble, Zab zab, Transport transport, DataTree tree,
            String diskNote, boolean failed) {
        Role role = switch (zab.state()) {
            case LOOKING -> Role.LOOKING;
            case FOLLOWING -> Role.FOLLOWING;
            case LEADING -> Role.LEADING;
            case OBSERVING -> Role.OBSERVING;
        };
        Map<Integer, String> learners = zab.learnerStates();
        List<Status.Member> members = new ArrayList<>();
        for (Map.Entry<Integer, InetSocketAddress> m : ensemble.members().entrySet()) {
            int id = m.getKey();
            String state;
            if (id == config.peerId()) {
                state = role.name() + (zab.isServing() ? "" : " (not serving)")
                        + (diskNote != null ? " (" + diskNote + ")" : "");
            } else if (id == zab.leaderId()) {
                state = "LEADING";
            } else if (learners.containsKey(id)) {
                state = learners.get(id);
            } else {
                state = transport.isConnected(id) ? "CONNECTED" : "DISCONNECTED";
            }
            members.add(new Status.Member(id, m.getValue().getHostString() + ":" + m.getValue().getPort(),
                    !ensemble.observers().contains(id), state));
        }
        return new Status(config.peerId(), failed ? Role.LOOKING : role, zab.leaderId(), zab.currentEpoch(),
                tree.lastZxid(), tree.sessionCount(), tree.nodeCount(), tree.digest(), members);
    }
}
