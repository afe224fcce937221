package dev.coord.peer;

import dev.coord.log.TxnLog;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LogOpening opens a peer's transaction log on a thread of its own while the peer's start goes on,
 * so that the newest snapshot is read meanwhile: opening the log checks every record it holds (and
 * a fresh JVM loads Chronicle's classes), which takes about as long as loading a large snapshot.
 * {@link #join} hands the open log to the caller's thread, which owns it from then on.
 *
 * <p>Used by one thread (the one that started it), besides the opening thread itself.
 */
final class LogOpening {
    private static final Logger LOG = LoggerFactory.getLogger(LogOpening.class);

    private final Thread thread;
    private final long startNs = System.nanoTime();
    /** Written by the opening thread before it ends; read only after {@link Thread#join()}. */
    private TxnLog log;
    private Throwable failure;
    private long openedNs;

    private LogOpening(Supplier<TxnLog> open, String threadName) {
        thread = new Thread(() -> {
            try {
                log = open.get();
            } catch (Throwable t) {
                failure = t;
            }
            openedNs = System.nanoTime();
        }, threadName);
        thread.setDaemon(true);
    }

    /** Starts {@code open} on a new thread named {@code threadName}. */
    static LogOpening start(Supplier<TxnLog> open, String threadName) {
        LogOpening opening = new LogOpening(open, threadName);
        opening.thread.start();
        return opening;
    }

    /**
     * Waits for the open to end and returns the log; throws what the open threw (the same exception
     * each time it is called after a failure).
     */
    TxnLog join() {
        long joinNs = System.nanoTime();
        awaitThread();
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("opening the transaction log failed: " + failure, failure);
        }
        long waitedMs = Math.max(0, openedNs - joinNs) / 1_000_000;
        LOG.debug("Opened the transaction log in {} ms, beside the snapshot's load; waited {} ms for it",
                (openedNs - startNs) / 1_000_000, waitedMs);
        return log;
    }

    /** Waits for the open to end; returns the log, or null if the open failed (for closing after a failure). */
    TxnLog joinQuietly() {
        awaitThread();
        return log;
    }

    private void awaitThread() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                // The open cannot be abandoned half-way (it holds the log directory): wait on.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
