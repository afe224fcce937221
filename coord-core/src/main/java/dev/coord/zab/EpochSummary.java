package dev.coord.zab;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * EpochSummary describes a peer's history compactly enough to send: the zxid up to which it is known
 * committed ({@code base}: its snapshot, everything before is shared with any leader), then the last
 * zxid it holds of each epoch after that, in order. Two histories agree up to the point
 * {@link #forkPoint} computes, because the entries of one epoch are always a prefix of what that
 * epoch's leader proposed.
 *
 * @param base      the zxid up to which the history is committed (and possibly no longer logged)
 * @param epochEnds the last zxid held of each epoch after {@code base}, ascending
 */
public record EpochSummary(long base, List<Long> epochEnds) {
    public EpochSummary {
        epochEnds = List.copyOf(epochEnds);
    }

    /** The last zxid of the history. */
    public long lastZxid() {
        return epochEnds.isEmpty() ? base : epochEnds.get(epochEnds.size() - 1);
    }

    /** A summary with one more entry at {@code zxid} (greater than {@link #lastZxid()}). */
    public EpochSummary append(long zxid) {
        List<Long> ends = new ArrayList<>(epochEnds);
        if (!ends.isEmpty() && Zxid.epoch(ends.get(ends.size() - 1)) == Zxid.epoch(zxid)) {
            ends.set(ends.size() - 1, zxid);
        } else {
            ends.add(zxid);
        }
        return new EpochSummary(base, ends);
    }

    /** This history cut after {@code zxid}. */
    public EpochSummary truncateAfter(long zxid) {
        if (zxid <= base) {
            return new EpochSummary(zxid, List.of());
        }
        List<Long> ends = new ArrayList<>();
        for (long end : epochEnds) {
            if (end <= zxid) {
                ends.add(end);
            } else {
                if (Zxid.epoch(end) == Zxid.epoch(zxid)) {
                    ends.add(zxid);
                }
                break;
            }
        }
        return new EpochSummary(base, ends);
    }

    /** The last zxid this history holds of {@code epoch}, or -1 if it holds none after its base. */
    long endOf(long epoch) {
        for (long end : epochEnds) {
            if (Zxid.epoch(end) == epoch) {
                return end;
            }
        }
        return -1;
    }

    /** As {@link #endOf}, but counting the base when it lies in {@code epoch} (those entries are held). */
    private long heldEndOf(long epoch) {
        long end = endOf(epoch);
        if (end < 0 && base > 0 && Zxid.epoch(base) == epoch) {
            return base;
        }
        return end;
    }

    /**
     * The last zxid up to which this history, a leader's, and {@code learner}'s surely agree: both hold
     * every entry up to it, and the same ones.
     *
     * <p>Up to what the learner knows committed (its base, or {@code learnerCommitted} if that is
     * further) both agree: a leader holds every committed entry, so its entries up to there are exactly
     * the committed ones the learner holds (when that point is beyond the leader's last entry, which no
     * legitimate leader allows, only the smaller base is trusted). Above it, epoch by epoch, both hold prefixes of the same
     * epoch leader's proposals, so they agree up to the shorter one, and stop agreeing where they differ
     * or where only one holds an epoch. The answer is conservative: where a base hides what a side
     * holds, it is lower, never higher.
     */
    public long forkPoint(EpochSummary learner, long learnerCommitted) {
        long known = Math.max(learner.base, Math.min(learnerCommitted, learner.lastZxid()));
        long shared = known <= lastZxid() ? known : Math.min(base, learner.base);
        TreeSet<Long> epochs = new TreeSet<>();
        for (long end : epochEnds) {
            epochs.add(Zxid.epoch(end));
        }
        for (long end : learner.epochEnds) {
            epochs.add(Zxid.epoch(end));
        }
        for (long epoch : epochs.tailSet(Zxid.epoch(shared), true)) {
            long mine = heldEndOf(epoch);
            long theirs = learner.heldEndOf(epoch);
            if (mine < 0 || theirs < 0) {
                return shared;
            }
            long common = Math.min(mine, theirs);
            if (common <= shared) {
                continue;
            }
            if (mine != theirs) {
                return common;
            }
            shared = common;
        }
        return shared;
    }
}
