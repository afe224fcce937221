package dev.coord.metrics;

/**
 * LearnerStats is what a leader knows of one learner it leads.
 *
 * @param peerId the learner
 * @param voting true for a follower, false for an observer
 * @param state DISCOVERY, SYNCING or SYNCED
 * @param ackedZxid the highest zxid the learner acknowledged as durable, or -1 when unknown (an
 *     observer acknowledges only its sync)
 * @param lagZxids how many of the leader's logged zxids the learner has not acknowledged, or -1 when
 *     unknown
 */
public record LearnerStats(int peerId, boolean voting, String state, long ackedZxid, long lagZxids) {
}
