package dev.coord.recipes.election;

/**
 * LeadershipListener is told when its {@link LeaderElection} gains and loses leadership. It is called
 * on the election's own thread, one call at a time, gains and losses alternating; a slow listener
 * delays only its election (the next decision waits for it), but to lead for a long time, start the
 * work elsewhere and stop it on {@link #leadershipLost}.
 */
public interface LeadershipListener {
    /** This participant now leads; act only with {@code fencingToken} (see {@link LeaderElection}). */
    void leadershipGained(long fencingToken);

    /** This participant no longer leads (or may not: {@link LossReason#SUSPENDED}); stop acting as leader. */
    void leadershipLost(LossReason reason);
}
