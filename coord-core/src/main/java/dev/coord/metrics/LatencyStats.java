package dev.coord.metrics;

/**
 * LatencyStats summarises the durations a {@link LogHistogram} recorded, in nanoseconds. Percentiles
 * are the upper bounds of log buckets (at most 12.5% above the true value), never outside
 * [{@code minNs}, {@code maxNs}]. With no value recorded every figure is 0.
 *
 * @param count how many durations were recorded
 * @param minNs the shortest
 * @param meanNs the mean
 * @param maxNs the longest
 * @param p50Ns the median
 * @param p99Ns the 99th percentile
 * @param p999Ns the 99.9th percentile
 */
public record LatencyStats(long count, long minNs, double meanNs, long maxNs, long p50Ns, long p99Ns, long p999Ns) {
    /** The summary of nothing. */
    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0, 0);
}
