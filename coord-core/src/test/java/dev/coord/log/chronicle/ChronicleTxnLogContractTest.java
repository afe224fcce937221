package dev.coord.log.chronicle;

import dev.coord.log.TxnLog;
import dev.coord.log.TxnLogContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** ChronicleTxnLogContractTest runs the {@link TxnLog} contract on the Chronicle log; restart is close and reopen. */
class ChronicleTxnLogContractTest extends TxnLogContractTest {
    @TempDir
    Path directory;

    @Override
    protected TxnLog newLog() {
        return ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS);
    }

    @Override
    protected TxnLog restart(TxnLog flushed) {
        flushed.close();
        return ChronicleTxnLog.open(directory, LogFiles.TEST_OPTIONS);
    }
}
