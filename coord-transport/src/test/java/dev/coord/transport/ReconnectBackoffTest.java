package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
    private static final long MIN_NS = 10_000_000L;
    private static final long MAX_NS = 1_000_000_000L;

    @Test
    void shouldDoubleTheCeilingAfterEachFailureUntilTheCap() {
        ReconnectBackoff backoff = new ReconnectBackoff(MIN_NS, MAX_NS, new Random(1));

        assertThat(backoff.baseNs(0)).isEqualTo(MIN_NS);
        assertThat(backoff.baseNs(1)).isEqualTo(2 * MIN_NS);
        assertThat(backoff.baseNs(6)).isEqualTo(64 * MIN_NS);
        assertThat(backoff.baseNs(7)).isEqualTo(MAX_NS);
        assertThat(backoff.baseNs(1_000)).isEqualTo(MAX_NS);
    }

    @Test
    void shouldJitterEachDelayBetweenHalfAndAllOfItsCeiling() {
        ReconnectBackoff backoff = new ReconnectBackoff(MIN_NS, MAX_NS, new Random(7));
        for (int attempt = 0; attempt < 40; attempt++) {
            for (int i = 0; i < 50; i++) {
                long base = backoff.baseNs(attempt);
                assertThat(backoff.delayNs(attempt)).isBetween(base / 2, base);
            }
        }
    }

    @Test
    void shouldRepeatTheSameDelaysForTheSameSeedAndVaryAcrossSeeds() {
        long[] first = delays(new ReconnectBackoff(MIN_NS, MAX_NS, new Random(99)));
        long[] again = delays(new ReconnectBackoff(MIN_NS, MAX_NS, new Random(99)));
        long[] other = delays(new ReconnectBackoff(MIN_NS, MAX_NS, new Random(100)));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    private static long[] delays(ReconnectBackoff backoff) {
        long[] delays = new long[12];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = backoff.delayNs(i);
        }
        return delays;
    }
}
