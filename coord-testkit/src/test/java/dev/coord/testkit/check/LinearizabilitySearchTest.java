package dev.coord.testkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The search on its own, with a register as the model: the smallest model that shows each rule. */
class LinearizabilitySearchTest {

    /** RegisterOp writes {@code value}, or reads it (a read whose result is null was never answered). */
    record RegisterOp(boolean write, Integer value) {
        static RegisterOp write(int v) {
            return new RegisterOp(true, v);
        }

        static RegisterOp read(Integer v) {
            return new RegisterOp(false, v);
        }
    }

    /** Register is a model of one integer register, initially 0. */
    static final class Register implements Model<Integer, RegisterOp> {
        @Override
        public Integer initial() {
            return 0;
        }

        @Override
        public Integer step(Integer state, RegisterOp op) {
            if (op.write()) {
                return op.value();
            }
            return op.value() == null || op.value().equals(state) ? state : null;
        }
    }

    static final Deadline FOREVER = Deadline.after(Duration.ofDays(1));

    static Verdict search(List<TimedOp<RegisterOp>> ops) {
        return LinearizabilitySearch.search(new Register(), ops, FOREVER);
    }

    static TimedOp<RegisterOp> op(RegisterOp op, long callNs, long returnNs) {
        return new TimedOp<>(op, callNs, returnNs);
    }

    @Test
    void shouldAcceptAnEmptyHistory() {
        assertThat(search(List.of())).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void shouldAcceptASequentialHistory() {
        assertThat(search(List.of(
                op(RegisterOp.write(1), 0, 10),
                op(RegisterOp.read(1), 20, 30),
                op(RegisterOp.write(2), 40, 50),
                op(RegisterOp.read(2), 60, 70)))).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void shouldPlaceConcurrentOperationsInWhicheverOrderWorks() {
        assertThat(search(List.of(
                op(RegisterOp.write(1), 0, 100),
                op(RegisterOp.write(2), 10, 90),
                op(RegisterOp.read(2), 20, 30),
                op(RegisterOp.read(1), 40, 50)))).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void shouldCountTouchingIntervalsAsConcurrent() {
        assertThat(search(List.of(
                op(RegisterOp.read(1), 0, 10),
                op(RegisterOp.write(1), 10, 20)))).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void shouldRejectAStaleReadAndSayWhereItGotStuck() {
        List<TimedOp<RegisterOp>> ops = List.of(
                op(RegisterOp.write(1), 0, 10),
                op(RegisterOp.read(0), 20, 30),
                op(RegisterOp.write(2), 40, 50));
        LinearizabilitySearch.Result result = LinearizabilitySearch.run(new Register(), ops, FOREVER, 1000);
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.stuckAtNs()).isEqualTo(30);
    }

    @Test
    void shouldLetAnOperationThatNeverReturnedTakeEffectLateOrNever() {
        assertThat(search(List.of(
                op(RegisterOp.write(1), 0, TimedOp.NEVER),
                op(RegisterOp.read(0), 20, 30),
                op(RegisterOp.read(1), 40, 50)))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(search(List.of(
                op(RegisterOp.write(1), 0, TimedOp.NEVER),
                op(RegisterOp.read(0), 20, 30),
                op(RegisterOp.read(0), 40, 50)))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(search(List.of(
                op(RegisterOp.write(1), 0, TimedOp.NEVER),
                op(RegisterOp.read(1), 20, 30),
                op(RegisterOp.read(0), 40, 50)))).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void shouldGiveUpWhenTheDeadlinePasses() {
        AtomicLong clockNs = new AtomicLong();
        Deadline deadline = Deadline.after(Duration.ofNanos(1_000), () -> clockNs.addAndGet(10));
        assertThat(LinearizabilitySearch.search(new Register(), hardHistory(), deadline)).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void shouldGiveUpWhenTheMemoIsFull() {
        assertThat(LinearizabilitySearch.search(new Register(), hardHistory(), FOREVER, 5_000)).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void shouldDecideTheHardHistoryGivenTime() {
        List<TimedOp<RegisterOp>> ops = hardHistory().subList(0, 13);
        List<TimedOp<RegisterOp>> broken = new ArrayList<>(ops);
        broken.add(op(RegisterOp.read(-1), 1_000, 1_010));
        assertThat(search(broken)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    /** Many concurrent writes, none returned, then a read of a value nobody wrote: every subset must be tried. */
    static List<TimedOp<RegisterOp>> hardHistory() {
        List<TimedOp<RegisterOp>> ops = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            ops.add(op(RegisterOp.write(i), i, TimedOp.NEVER));
        }
        ops.add(op(RegisterOp.read(-1), 1_000, 1_010));
        return ops;
    }
}
