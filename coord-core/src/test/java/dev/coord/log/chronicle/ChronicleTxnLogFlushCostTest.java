package dev.coord.log.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ChronicleTxnLogFlushCostTest measures what a durable flush costs for a batch of appends and for a
 * single one, and what an append costs; it logs the percentiles. Slow, so not run by default.
 */
@Tag("slow")
class ChronicleTxnLogFlushCostTest {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleTxnLogFlushCostTest.class);
    private static final int WARMUP_BATCHES = 200;
    private static final int MEASURED_BATCHES = 2_000;
    private static final int PAYLOAD_BYTES = 128;

    @TempDir
    Path directory;

    @Test
    void shouldMeasureFlushCostForBatchesOfOneAndSixtyFour() {
        try (ChronicleTxnLog log = ChronicleTxnLog.open(directory, ChronicleTxnLog.Options.defaults())) {
            long[] zxid = {0};
            measure(log, zxid, 1, "batch of 1");
            measure(log, zxid, 64, "batch of 64");
            measure(log, zxid, 64, "batch of 64 (again)");
        }
    }

    private static void measure(ChronicleTxnLog log, long[] zxid, int batchSize, String label) {
        UnsafeBuffer payload = new UnsafeBuffer(new byte[PAYLOAD_BYTES]);
        long[] flushNs = new long[MEASURED_BATCHES];
        long[] appendNs = new long[MEASURED_BATCHES];
        long forcesBefore = log.forceCount();
        long startNs = System.nanoTime();
        for (int batch = -WARMUP_BATCHES; batch < MEASURED_BATCHES; batch++) {
            long appendStartNs = System.nanoTime();
            for (int i = 0; i < batchSize; i++) {
                log.append(++zxid[0], payload, 0, PAYLOAD_BYTES);
            }
            long flushStartNs = System.nanoTime();
            log.flush();
            long endNs = System.nanoTime();
            if (batch >= 0) {
                appendNs[batch] = (flushStartNs - appendStartNs) / batchSize;
                flushNs[batch] = endNs - flushStartNs;
            }
        }
        double seconds = (System.nanoTime() - startNs) / 1e9;
        Arrays.sort(flushNs);
        Arrays.sort(appendNs);
        LOG.info("{}: flush p50 {} us, p90 {} us, p99 {} us; append p50 {} ns; {} durable appends/s",
                label, flushNs[MEASURED_BATCHES / 2] / 1_000, flushNs[MEASURED_BATCHES * 9 / 10] / 1_000,
                flushNs[MEASURED_BATCHES * 99 / 100] / 1_000, appendNs[MEASURED_BATCHES / 2],
                (long) ((WARMUP_BATCHES + MEASURED_BATCHES) * batchSize / seconds));
        assertThat(log.forceCount() - forcesBefore).isEqualTo(WARMUP_BATCHES + MEASURED_BATCHES);
    }
}
