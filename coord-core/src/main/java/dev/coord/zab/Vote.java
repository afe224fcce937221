package dev.coord.zab;

/**
 * Vote is a proposed leader with the history it would lead from: ordered by epoch, then last zxid,
 * then peer id (Fast Leader Election's total order).
 *
 * @param leaderId the proposed leader
 * @param epoch    the proposed leader's current epoch
 * @param zxid     the proposed leader's last zxid
 */
public record Vote(int leaderId, long epoch, long zxid) implements Comparable<Vote> {
    @Override
    public int compareTo(Vote other) {
        if (epoch != other.epoch) {
            return Long.compare(epoch, other.epoch);
        }
        if (zxid != other.zxid) {
            return Long.compare(zxid, other.zxid);
        }
        return Integer.compare(leaderId, other.leaderId);
    }

    /** True if this vote is strictly better than {@code other}. */
    public boolean isBetterThan(Vote other) {
        return compareTo(other) > 0;
    }
}
