package dev.coord.transport;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * WakeSignal lets one thread park until another signals that there is work, or until a deadline.
 *
 * <p>No wake-up is lost: a producer publishes its work, then sets {@code signalled} and reads
 * {@code waiter}; the waiter writes {@code waiter}, then reads {@code signalled} and the work. Both pairs are
 * volatile accesses, so at least one side sees the other's write; an unpark before the park makes the park
 * return at once.
 *
 * <p>Threading: {@link #await} by one thread at a time; {@link #signal()} from any thread.
 */
final class WakeSignal {
    private final AtomicBoolean signalled = new AtomicBoolean();
    private volatile Thread waiter;

    /** Wakes the waiting thread, or makes its next {@link #await} return at once. */
    void signal() {
        signalled.set(true);
        Thread thread = waiter;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Parks until signalled, until {@code hasWork} is true, or until {@code timeoutNs} has passed.
     *
     * @return whether there is work (or a signal) rather than a timeout
     */
    boolean await(long timeoutNs, BooleanSupplier hasWork) {
        if (signalled.getAndSet(false) || hasWork.getAsBoolean()) {
            return true;
        }
        long deadlineNs = System.nanoTime() + timeoutNs;
        waiter = Thread.currentThread();
        try {
            while (true) {
                if (signalled.getAndSet(false) || hasWork.getAsBoolean()) {
                    return true;
                }
                long remainingNs = deadlineNs - System.nanoTime();
                if (remainingNs <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, remainingNs);
            }
        } finally {
            waiter = null;
        }
    }
}
