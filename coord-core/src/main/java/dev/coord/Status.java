package dev.coord;

import java.util.List;

/**
 * Status is a peer's view of itself and its ensemble at one moment.
 *
 * @param peerId      this peer's id
 * @param role        what this peer is doing
 * @param leaderId    the leader's id, or -1 when none is known (this peer's id when standalone)
 * @param epoch       the current epoch
 * @param lastZxid    the zxid of the last transaction applied to this peer's tree
 * @param sessionCount the number of live sessions in the tree
 * @param nodeCount   the number of znodes, the root included
 * @param digest      the tree digest at {@code lastZxid}
 * @param members     each configured member and its state as this peer sees it
 */
public record Status(
        int peerId,
        Role role,
        int leaderId,
        long epoch,
        long lastZxid,
        int sessionCount,
        long nodeCount,
        long digest,
        List<Member> members) {

    /** Member is one configured peer as seen from this one. */
    public record Member(int id, String address, boolean voting, String state) {
    }
}
