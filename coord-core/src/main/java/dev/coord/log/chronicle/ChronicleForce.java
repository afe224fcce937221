package dev.coord.log.chronicle;

import dev.coord.log.TxnLog;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * ChronicleForce is one begun force of a {@link ChronicleTxnLog}: the segment's blocking
 * {@code fdatasync}, run once by whichever thread claims it first (the peer's force thread, or the
 * agent thread when it must wait for the force before truncating, sealing or closing).
 *
 * <p>Thread-safe.
 */
final class ChronicleForce implements TxnLog.Force {
    private final Runnable work;
    private final long zxid;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Invariant: written before {@link #finished} opens, read only after. */
    private volatile RuntimeException failure;

    ChronicleForce(Runnable work, long zxid) {
        this.work = work;
        this.zxid = zxid;
    }

    @Override
    public long zxid() {
        return zxid;
    }

    @Override
    public void run() {
        if (!claimed.compareAndSet(false, true)) {
            return;
        }
        try {
            work.run();
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            failure = new IllegalStateException("the log force failed: " + e, e);
            throw e;
        } finally {
            finished.countDown();
        }
    }

    /** True once it has run (or failed). */
    boolean isDone() {
        return finished.getCount() == 0;
    }

    /** Its failure once done, or null. */
    RuntimeException failure() {
        return failure;
    }

    /** Runs it here if no thread has claimed it; otherwise waits until the thread that did has finished. */
    void runOrAwait() {
        run();
        boolean interrupted = false;
        while (true) {
            try {
                finished.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
