package dev.coord.log.chronicle;

import dev.coord.log.TxnLogContractTest;

/**
 * AppendUntilKilled is the child process of {@link ChronicleTxnLogCrashTest}: it appends batches to the
 * log in the directory given as its argument, flushes each, and prints {@code flushed <counter>} after
 * each flush returns (its zxids are epoch 1, counters 1, 2, 3 ...), until it is killed. It rolls to a new
 * segment every few batches, so a kill may land while a segment is created or the manifest is written.
 * It never closes the log.
 */
public final class AppendUntilKilled {
    static final String FLUSHED = "flushed ";
    static final int BATCH_SIZE = 16;
    static final int BATCHES_PER_SEGMENT = 8;

    private AppendUntilKilled() {
    }

    public static void main(String[] args) {
        ChronicleTxnLog log = ChronicleTxnLog.open(java.nio.file.Path.of(args[0]), LogFiles.TEST_OPTIONS);
        int counter = (int) log.lastZxid();
        for (long batch = 1; ; batch++) {
            for (int i = 0; i < BATCH_SIZE; i++) {
                TxnLogContractTest.append(log, TxnLogContractTest.zxid(1, ++counter));
            }
            log.flush();
            System.out.println(FLUSHED + counter);
            System.out.flush();
            if (batch % BATCHES_PER_SEGMENT == 0) {
                log.roll();
            }
        }
    }
}
