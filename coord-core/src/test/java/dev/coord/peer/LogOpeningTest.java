package dev.coord.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.log.InMemoryTxnLog;
import dev.coord.log.LogCorruptedException;
import dev.coord.log.TxnLog;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** LogOpeningTest: the log opened on its own thread reaches the caller, and so does a failure to open it. */
class LogOpeningTest {

    @Test
    void shouldHandTheOpenedLogToTheJoiningThread() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        TxnLog log = new InMemoryTxnLog();
        LogOpening opening = LogOpening.start(() -> {
            await(release);
            return log;
        }, "test-log-open");
        java.util.concurrent.atomic.AtomicReference<TxnLog> joined = new java.util.concurrent.atomic.AtomicReference<>();
        Thread joiner = new Thread(() -> joined.set(opening.join()));
        joiner.start();
        // The joiner waits for the open, which cannot end before the release.
        joiner.join(50);
        assertThat(joiner.isAlive()).isTrue();
        release.countDown();
        joiner.join(30_000);
        assertThat(joiner.isAlive()).isFalse();
        assertThat(joined.get()).isSameAs(log);
        assertThat(opening.join()).isSameAs(log);
        assertThat(opening.joinQuietly()).isSameAs(log);
    }

    @Test
    void shouldRethrowWhatTheOpenThrewEveryTime() {
        LogCorruptedException damage = new LogCorruptedException("segment 3 is damaged");
        LogOpening opening = LogOpening.start(() -> {
            throw damage;
        }, "test-log-open");
        assertThatThrownBy(opening::join).isSameAs(damage);
        assertThatThrownBy(opening::join).isSameAs(damage);
        assertThat(opening.joinQuietly()).isNull();
    }

    @Test
    void shouldWaitForTheOpenEvenWhenInterruptedAndKeepTheInterrupt() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TxnLog log = new InMemoryTxnLog();
        LogOpening opening = LogOpening.start(() -> {
            started.countDown();
            await(release);
            return log;
        }, "test-log-open");
        await(started);
        Thread.currentThread().interrupt();
        Thread releaser = new Thread(() -> {
            release.countDown();
        });
        releaser.start();
        try {
            assertThat(opening.join()).isSameAs(log);
            assertThat(Thread.interrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("not released within 30 s");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
