package dev.coord.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** InMemoryTxnLogTest runs the {@link TxnLog} contract on the in-memory log, and checks its crash model. */
class InMemoryTxnLogTest extends TxnLogContractTest {
    @Override
    protected TxnLog newLog() {
        return new InMemoryTxnLog();
    }

    @Override
    protected TxnLog restart(TxnLog flushed) {
        return ((InMemoryTxnLog) flushed).crash();
    }

    @Test
    void shouldLoseUnflushedAppendsOnCrash() {
        appendRange(log, 1, 5);
        log.flush();
        appendRange(log, 6, 9);

        log = ((InMemoryTxnLog) log).crash();

        assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 5));
        assertThat(log.lastZxid()).isEqualTo(zxid(1, 5));
        append(log, zxid(1, 6));
        assertThat(log.lastZxid()).isEqualTo(zxid(1, 6));
    }

    @Test
    void shouldLoseWhatABegunForceCoversIfItHasNotRunAtTheCrash() {
        appendRange(log, 1, 3);
        log.flush();
        appendRange(log, 4, 6);
        TxnLog.Force force = log.beginForce();

        TxnLog crashed = ((InMemoryTxnLog) log).crash();
        force.run();

        assertThat(zxidsAfter(crashed, 0)).isEqualTo(range(1, 3));
        log = crashed;
    }

    @Test
    void shouldKeepWhatAForceCoversOnceItHasRunEvenIfNotYetSeen() {
        appendRange(log, 1, 6);
        log.beginForce().run();

        log = ((InMemoryTxnLog) log).crash();

        assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 6));
    }

    @Test
    void shouldLoseEverythingOnCrashBeforeTheFirstFlush() {
        appendRange(log, 1, 5);

        log = ((InMemoryTxnLog) log).crash();

        assertThat(log.lastZxid()).isZero();
        assertThat(zxidsAfter(log, 0)).isEmpty();
    }

    @Test
    void shouldKeepTruncationDurableOnCrash() {
        appendRange(log, 1, 10);
        log.flush();
        log.truncateAfter(zxid(1, 4));
        appendRange(log, 20, 22);

        log = ((InMemoryTxnLog) log).crash();

        assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 4));
    }

    @Test
    void shouldNeverLeaveAHoleWhenAFlushFollowsATruncation() {
        appendRange(log, 1, 3);
        log.flush();
        appendRange(log, 4, 8);
        log.truncateAfter(zxid(1, 6));
        append(log, zxid(2, 1));
        log.flush();

        log = ((InMemoryTxnLog) log).crash();

        assertThat(zxidsAfter(log, 0)).containsExactly(zxid(1, 1), zxid(1, 2), zxid(1, 3), zxid(1, 4),
                zxid(1, 5), zxid(1, 6), zxid(2, 1));
    }

    @Test
    void shouldRefuseUseOfTheCrashedInstance() {
        InMemoryTxnLog crashed = (InMemoryTxnLog) log;
        log = crashed.crash();

        assertThatThrownBy(() -> append(crashed, zxid(1, 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(crashed::lastZxid).isInstanceOf(IllegalStateException.class);
    }
}
