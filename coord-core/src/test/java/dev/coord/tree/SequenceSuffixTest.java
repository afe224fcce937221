package dev.coord.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** SequenceSuffixTest checks that sequential names are written exactly as {@code %010d} writes them. */
class SequenceSuffixTest {
    @Test
    void shouldPadTheCounterToTenDigitsAsFormatDoes() {
        int[] counters = {0, 1, 9, 10, 42, 99_999, 1_000_000_000, 1_234_567_890, Integer.MAX_VALUE, -1, -42, Integer.MIN_VALUE};
        for (int counter : counters) {
            assertThat(TreeEditor.sequenceSuffix(counter)).as("counter %d", counter)
                    .isEqualTo(String.format(Locale.ROOT, "%010d", counter));
        }
        for (int counter = 0; counter < 100_000; counter += 7) {
            assertThat(TreeEditor.sequenceSuffix(counter)).isEqualTo(String.format(Locale.ROOT, "%010d", counter));
        }
    }
}
