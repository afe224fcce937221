package dev.coord.metrics;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogHistogramTest {
    @Test
    void shouldReportNothingBeforeAnyValue() {
        assertThat(new LogHistogram().snapshot()).isEqualTo(LatencyStats.EMPTY);
    }

    @Test
    void shouldPlaceEveryValueInABucketWhoseBoundHoldsIt() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextLong() >>> (1 + random.nextInt(63));   // non-negative, as record() passes
            int bucket = LogHistogram.bucketOf(v);
            assertThat(bucket).isBetween(0, LogHistogram.BUCKETS - 1);
            assertThat(LogHistogram.upperBoundOf(bucket)).isGreaterThanOrEqualTo(v);
            if (bucket > 0) {
                assertThat(LogHistogram.upperBoundOf(bucket - 1)).isLessThan(v);
            }
        }
        assertThat(LogHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(LogHistogram.BUCKETS - 1);
        assertThat(LogHistogram.upperBoundOf(LogHistogram.BUCKETS - 1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldReportPercentilesWithinAnEighthAboveTheExactOnes() {
        Random random = new Random(42);
        LogHistogram histogram = new LogHistogram();
        long[] values = new long[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(random.nextGaussian() * 1.5 + 11);   // around 60 us, long tail
            histogram.record(values[i]);
        }
        Arrays.sort(values);
        LatencyStats stats = histogram.snapshot();
        assertThat(stats.count()).isEqualTo(values.length);
        assertThat(stats.minNs()).isEqualTo(values[0]);
        assertThat(stats.maxNs()).isEqualTo(values[values.length - 1]);
        assertThat(stats.meanNs()).isCloseTo(Arrays.stream(values).average().orElseThrow(), within(1e-6));
        assertWithinAnEighth(stats.p50Ns(), values[(int) Math.ceil(0.5 * values.length) - 1]);
        assertWithinAnEighth(stats.p99Ns(), values[(int) Math.ceil(0.99 * values.length) - 1]);
        assertWithinAnEighth(stats.p999Ns(), values[(int) Math.ceil(0.999 * values.length) - 1]);
    }

    private static void assertWithinAnEighth(long reported, long exact) {
        assertThat(reported).isGreaterThanOrEqualTo(exact).isLessThanOrEqualTo(exact + exact / 8);
    }

    @Test
    void shouldCountEveryValueRecordedByConcurrentThreads() throws InterruptedException {
        LogHistogram histogram = new LogHistogram();
        int threads = 4;
        int each = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int offset = t;
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 1; i <= each; i++) {
                    histogram.record(i * 4L + offset);
                }
            });
            workers[t].start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        LatencyStats stats = histogram.snapshot();
        assertThat(stats.count()).isEqualTo((long) threads * each);
        assertThat(stats.minNs()).isEqualTo(4);
        assertThat(stats.maxNs()).isEqualTo(each * 4L + threads - 1);
    }

    @Test
    void shouldCountANegativeValueAsZero() {
        LogHistogram histogram = new LogHistogram();
        histogram.record(-5);
        assertThat(histogram.snapshot()).isEqualTo(new LatencyStats(1, 0, 0, 0, 0, 0, 0));
    }
}
