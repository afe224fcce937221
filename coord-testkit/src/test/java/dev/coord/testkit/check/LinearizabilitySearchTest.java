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

    /** CasOp sets the register to {@code value} if it holds {@code expected} (any value if null), or reads {@code value}. */
    record CasOp(boolean write, Integer expected, int value) {
    }

    /** CasRegister is a register with compare-and-set, initially 0. */
    static final class CasRegister implements Model<Integer, CasOp> {
        @Override
        public Integer initial() {
            return 0;
        }

        @Override
        public Integer step(Integer state, CasOp op) {
            if (!op.write()) {
                return op.value() == state ? state : null;
            }
            return op.expected() == null || op.expected().equals(state) ? Integer.valueOf(op.value()) : null;
        }
    }

    /**
     * Each unknown compare-and-set can take effect only between one write and the next, which then
     * overwrites it: without the memo's dominance each one would double the configurations after it.
     */
    @Test
    void shouldNotLetUnknownWritesThatWereOverwrittenMultiplyTheSearch() {
        List<TimedOp<CasOp>> ops = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            ops.add(new TimedOp<>(new CasOp(true, null, 1_000 + i), 100 * i, 100 * i + 10));
            ops.add(new TimedOp<>(new CasOp(true, 1_000 + i, i), 100 * i + 20, TimedOp.NEVER));
            ops.add(new TimedOp<>(new CasOp(false, null, 1_000 + i), 100 * i + 30, 100 * i + 40));
        }
        ops.add(new TimedOp<>(new CasOp(false, null, -1), 10_000, 10_010));
        assertThat(LinearizabilitySearch.search(new CasRegister(), ops, FOREVER, 5_000)).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(PlainSearch.search(new CasRegister(), ops.subList(0, 3 * 12), FOREVER)).isEqualTo(Verdict.LINEARIZABLE);
    }

    /** Registers is a model of two integer registers, initially 0, whose operations say which register they touch. */
    static final class Registers implements Model<List<Integer>, RegisterOp> {
        @Override
        public List<Integer> initial() {
            return List.of(0, 0);
        }

        @Override
        public List<Integer> step(List<Integer> state, RegisterOp op) {
            int r = Math.abs(op.value()) % 2;
            if (op.write()) {
                List<Integer> next = new ArrayList<>(state);
                next.set(r, op.value());
                return List.copyOf(next);
            }
            return op.value().equals(state.get(r)) ? state : null;
        }

        @Override
        public Footprint footprint(List<Integer> state, RegisterOp op, long nowNs) {
            Footprint.Builder f = new Footprint.Builder();
            int r = Math.abs(op.value()) % 2;
            return (op.write() ? f.changes(r) : f.reads(r)).build();
        }
    }

    /** Random histories of two registers (a value's parity names its register): the reductions must not change a verdict. */
    @Test
    void shouldAgreeWithThePlainSearchOnTwoRegisters() {
        int[] verdicts = new int[2];
        for (long seed = 0; seed < 3_000; seed++) {
            java.util.Random random = SearchReductionsTest.mixed(seed);
            List<TimedOp<RegisterOp>> ops = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                long call = 10L * i + random.nextInt(10);
                int value = random.nextInt(4);
                boolean write = random.nextBoolean();
                long ret = write && random.nextInt(5) == 0 ? TimedOp.NEVER : call + 1 + random.nextInt(40);
                ops.add(op(write ? RegisterOp.write(value) : RegisterOp.read(value), call, ret));
            }
            Verdict plain = PlainSearch.search(new Registers(), ops, FOREVER);
            assertThat(LinearizabilitySearch.search(new Registers(), ops, FOREVER)).as("seed %d: %s", seed, ops).isEqualTo(plain);
            verdicts[plain == Verdict.LINEARIZABLE ? 0 : 1]++;
        }
        System.out.printf("two registers: %d linearizable, %d not%n", verdicts[0], verdicts[1]);
        assertThat(verdicts[0]).isGreaterThan(200);
        assertThat(verdicts[1]).isGreaterThan(200);
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
