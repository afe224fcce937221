package dev.coord.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TxnLogContractTest is the behaviour every {@link TxnLog} must show; each implementation's test
 * extends it and says how to make a log and how to restart one.
 */
public abstract class TxnLogContractTest {
    protected TxnLog log;

    /** A new, empty log. */
    protected abstract TxnLog newLog();

    /** The log a restarted peer sees after {@code flushed} was flushed and then the process stopped. */
    protected abstract TxnLog restart(TxnLog flushed);

    @BeforeEach
    void openLog() {
        log = newLog();
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    /** A zxid: epoch in the high 32 bits, counter in the low 32. */
    public static long zxid(int epoch, int counter) {
        return ((long) epoch << 32) | (counter & 0xFFFF_FFFFL);
    }

    /** The payload the tests append with {@code zxid}: distinct per zxid, so reads can be checked. */
    public static byte[] payloadOf(long zxid) {
        return ("record-" + Long.toHexString(zxid) + "-payload").getBytes(StandardCharsets.US_ASCII);
    }

    /** Appends {@code zxid} with {@link #payloadOf}. */
    public static void append(TxnLog target, long zxid) {
        byte[] payload = payloadOf(zxid);
        target.append(zxid, new UnsafeBuffer(payload), 0, payload.length);
    }

    /** Appends each zxid from {@code first} to {@code last} in epoch 1. */
    public static void appendRange(TxnLog target, int first, int last) {
        for (int counter = first; counter <= last; counter++) {
            append(target, zxid(1, counter));
        }
    }

    /** The zxids read after {@code afterZxid}, checking that each payload is the one appended. */
    public static List<Long> zxidsAfter(TxnLog source, long afterZxid) {
        List<Long> zxids = new ArrayList<>();
        source.readAfter(afterZxid, (zxid, payload, offset, length) -> {
            assertThat(bytes(payload, offset, length)).as("payload of 0x%x", zxid).isEqualTo(payloadOf(zxid));
            zxids.add(zxid);
        });
        return zxids;
    }

    /** The epoch-1 zxids with counters {@code first} to {@code last}. */
    public static List<Long> range(int first, int last) {
        List<Long> zxids = new ArrayList<>();
        for (int counter = first; counter <= last; counter++) {
            zxids.add(zxid(1, counter));
        }
        return zxids;
    }

    private static byte[] bytes(DirectBuffer buffer, int offset, int length) {
        byte[] copy = new byte[length];
        buffer.getBytes(offset, copy, 0, length);
        return copy;
    }

    @Test
    public void shouldReadAppendedRecordsInOrder() {
        appendRange(log, 1, 20);

        assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 20));
    }

    @Test
    public void shouldReadOnlyRecordsAfterAZxidInTheMiddle() {
        for (int counter = 2; counter <= 40; counter += 2) {
            append(log, zxid(1, counter));
        }

        assertThat(zxidsAfter(log, zxid(1, 20))).first().isEqualTo(zxid(1, 22));
        assertThat(zxidsAfter(log, zxid(1, 21))).first().isEqualTo(zxid(1, 22));
        assertThat(zxidsAfter(log, zxid(1, 21))).hasSize(10);
        assertThat(zxidsAfter(log, zxid(1, 1))).hasSize(20);
        assertThat(zxidsAfter(log, zxid(1, 40))).isEmpty();
        assertThat(zxidsAfter(log, zxid(2, 0))).isEmpty();
    }

    @Test
    public void shouldReportZeroForFirstAndLastZxidOfAnEmptyLog() {
        assertThat(log.firstZxid()).isZero();
        assertThat(log.lastZxid()).isZero();
        assertThat(zxidsAfter(log, 0)).isEmpty();
    }

    @Test
    public void shouldReportFirstAndLastZxid() {
        appendRange(log, 3, 9);

        assertThat(log.firstZxid()).isEqualTo(zxid(1, 3));
        assertThat(log.lastZxid()).isEqualTo(zxid(1, 9));
    }

    @Test
    public void shouldRejectAppendOfANonIncreasingZxid() {
        appendRange(log, 1, 5);

        assertThatThrownBy(() -> append(log, zxid(1, 5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> append(log, zxid(1, 4))).isInstanceOf(IllegalArgumentException.class);
        assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 5));
    }

    @Test
    public void shouldRejectAZeroZxidInAnEmptyLog() {
        assertThatThrownBy(() -> append(log, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void shouldAppendAfterTruncation() {
        appendRange(log, 1, 10);

        log.truncateAfter(zxid(1, 6));
        append(log, zxid(2, 1));

        assertThat(log.lastZxid()).isEqualTo(zxid(2, 1));
        List<Long> expected = range(1, 6);
        expected.add(zxid(2, 1));
        assertThat(zxidsAfter(log, 0)).isEqualTo(expected);
    }

    @Test
    public void shouldTruncateToTheLastRecordAtOrBeforeAZxidThatIsNotInTheLog() {
        for (int counter = 2; counter <= 10; counter += 2) {
            append(log, zxid(1, counter));
        }

        log.truncateAfter(zxid(1, 7));

        assertThat(log.lastZxid()).isEqualTo(zxid(1, 6));
        assertThat(zxidsAfter(log, 0)).containsExactly(zxid(1, 2), zxid(1, 4), zxid(1, 6));
    }

    @Test
    public void shouldDropEverythingWhenTruncatingBeforeTheFirstRecord() {
        appendRange(log, 5, 10);

        log.truncateAfter(zxid(1, 2));

        assertThat(log.firstZxid()).isZero();
        assertThat(log.lastZxid()).isZero();
        append(log, zxid(1, 3));
        assertThat(zxidsAfter(log, 0)).containsExactly(zxid(1, 3));
    }

    @Test
    public void shouldIgnoreTruncationAtOrAfterTheLastZxid() {
        appendRange(log, 1, 5);

        log.truncateAfter(zxid(1, 5));
        log.truncateAfter(zxid(3, 0));
        append(log, zxid(1, 6));

        assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 6));
    }

    @Test
    public void shouldTruncateIntoAnEarlierSegment() {
        appendRange(log, 1, 4);
        log.roll();
        appendRange(log, 5, 8);
        log.roll();
        appendRange(log, 9, 12);

        log.truncateAfter(zxid(1, 2));
        append(log, zxid(2, 1));

        assertThat(zxidsAfter(log, 0)).containsExactly(zxid(1, 1), zxid(1, 2), zxid(2, 1));
        assertThat(zxidsAfter(log, zxid(1, 1))).containsExactly(zxid(1, 2), zxid(2, 1));
    }

    @Test
    public void shouldReadAcrossSegmentsFromTheMiddleOfOne() {
        appendRange(log, 1, 5);
        log.roll();
        appendRange(log, 6, 10);
        log.roll();
        appendRange(log, 11, 15);

        assertThat(zxidsAfter(log, zxid(1, 7))).isEqualTo(range(8, 15));
        assertThat(zxidsAfter(log, zxid(1, 10))).isEqualTo(range(11, 15));
    }

    @Test
    public void shouldKeepEverythingAfterThePurgePointWhenRolledAndPurged() {
        appendRange(log, 1, 3);
        log.roll();
        appendRange(log, 4, 6);
        log.roll();
        appendRange(log, 7, 9);

        log.purgeUpTo(zxid(1, 5));

        assertThat(zxidsAfter(log, zxid(1, 5))).isEqualTo(range(6, 9));
        assertThat(log.firstZxid()).isEqualTo(zxid(1, 4));
        assertThat(zxidsAfter(log, 0)).isEqualTo(range(4, 9));
        assertThat(log.lastZxid()).isEqualTo(zxid(1, 9));
    }

    @Test
    public void shouldNeverPurgeTheLastSegment() {
        appendRange(log, 1, 3);
        log.roll();
        appendRange(log, 4, 6);
        log.roll();

        log.purgeUpTo(zxid(1, 6));

        assertThat(log.lastZxid()).isEqualTo(zxid(1, 6));
        assertThat(zxidsAfter(log, 0)).isEqualTo(range(4, 6));
        assertThatThrownBy(() -> append(log, zxid(1, 6))).isInstanceOf(IllegalArgumentException.class);
        append(log, zxid(1, 7));
        assertThat(zxidsAfter(log, 0)).isEqualTo(range(4, 7));
    }

    @Test
    public void shouldPurgeNothingWithoutARoll() {
        appendRange(log, 1, 9);

        log.purgeUpTo(zxid(1, 8));

        assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 9));
    }

    @Test
    public void shouldPassThePayloadSliceExactly() {
        byte[] framed = "xx-abc-yy".getBytes(StandardCharsets.US_ASCII);
        log.append(zxid(1, 1), new UnsafeBuffer(framed), 3, 3);
        log.append(zxid(1, 2), new UnsafeBuffer(new byte[0]), 0, 0);
        List<String> payloads = new ArrayList<>();

        log.readAfter(0, (zxid, payload, offset, length) ->
                payloads.add(new String(bytes(payload, offset, length), StandardCharsets.US_ASCII)));

        assertThat(payloads).containsExactly("abc", "");
    }

    @Test
    public void shouldKeepFlushedRecordsAcrossRestart() {
        appendRange(log, 1, 50);
        log.flush();

        log = restart(log);

        assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 50));
        assertThat(log.firstZxid()).isEqualTo(zxid(1, 1));
        assertThat(log.lastZxid()).isEqualTo(zxid(1, 50));
        append(log, zxid(1, 51));
        assertThat(log.lastZxid()).isEqualTo(zxid(1, 51));
    }

    @Test
    public void shouldReadTruncatedPrefixAfterRestart() {
        long x = zxid(5, 7);
        long y = zxid(6, 1);
        long z = zxid(7, 1);
        for (int counter = 1; counter <= 7; counter++) {
            append(log, zxid(5, counter));
        }
        append(log, y);
        log.flush();

        log.truncateAfter(x);
        append(log, x + 1);
        append(log, z);
        log.flush();
        log = restart(log);

        List<Long> expected = new ArrayList<>();
        for (int counter = 1; counter <= 8; counter++) {
            expected.add(zxid(5, counter));
        }
        expected.add(z);
        assertThat(zxidsAfter(log, 0)).isEqualTo(expected);
        assertThat(zxidsAfter(log, x)).containsExactly(x + 1, z);
        assertThat(log.lastZxid()).isEqualTo(z);
        append(log, zxid(7, 2));
        assertThat(zxidsAfter(log, x + 1)).containsExactly(z, zxid(7, 2));
    }

    @Test
    public void shouldKeepPurgeAndTruncationAcrossRestart() {
        appendRange(log, 1, 3);
        log.roll();
        appendRange(log, 4, 6);
        log.roll();
        appendRange(log, 7, 9);
        log.purgeUpTo(zxid(1, 3));
        log.truncateAfter(zxid(1, 8));
        log.flush();

        log = restart(log);

        assertThat(zxidsAfter(log, 0)).isEqualTo(range(4, 8));
        assertThat(log.firstZxid()).isEqualTo(zxid(1, 4));
        assertThat(log.lastZxid()).isEqualTo(zxid(1, 8));
    }

    @Test
    public void shouldCallRecordsDurableOnlyOnceTheForceCoveringThemHasRun() {
        appendRange(log, 1, 5);
        TxnLog.Force force = log.beginForce();
        appendRange(log, 6, 7);

        assertThat(force).isNotNull();
        assertThat(force.zxid()).isEqualTo(zxid(1, 5));
        assertThat(log.durableZxid()).isZero();
        force.run();
        assertThat(log.durableZxid()).isEqualTo(zxid(1, 5));
        TxnLog.Force next = log.beginForce();
        assertThat(next.zxid()).isEqualTo(zxid(1, 7));
        next.run();
        assertThat(log.durableZxid()).isEqualTo(zxid(1, 7));
    }

    @Test
    public void shouldBeginOneForceAtATime() {
        appendRange(log, 1, 3);
        TxnLog.Force first = log.beginForce();
        append(log, zxid(1, 4));

        assertThat(log.beginForce()).isNull();
        first.run();
        TxnLog.Force second = log.beginForce();
        assertThat(second).isNotNull();
        assertThat(second.zxid()).isEqualTo(zxid(1, 4));
        second.run();
    }

    @Test
    public void shouldBeginNoForceWhenEverythingIsDurable() {
        assertThat(log.beginForce()).isNull();
        appendRange(log, 1, 3);
        log.flush();

        assertThat(log.beginForce()).isNull();
        assertThat(log.durableZxid()).isEqualTo(zxid(1, 3));
    }

    @Test
    public void shouldRunABegunForceBeforeTruncatingAndIgnoreItsLaterRun() {
        appendRange(log, 1, 5);
        TxnLog.Force force = log.beginForce();

        log.truncateAfter(zxid(1, 3));
        force.run();
        append(log, zxid(2, 1));

        assertThat(log.durableZxid()).isEqualTo(zxid(1, 3));
        assertThat(zxidsAfter(log, 0)).containsExactly(zxid(1, 1), zxid(1, 2), zxid(1, 3), zxid(2, 1));
        log.flush();
        assertThat(log.durableZxid()).isEqualTo(zxid(2, 1));
    }

    @Test
    public void shouldKeepRecordsOfAForceThatRanAcrossRestart() {
        appendRange(log, 1, 5);
        log.beginForce().run();
        log.durableZxid();

        log = restart(log);

        assertThat(zxidsAfter(log, 0)).isEqualTo(range(1, 5));
    }
}
