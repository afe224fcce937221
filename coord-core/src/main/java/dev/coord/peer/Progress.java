package dev.coord.peer;

import dev.coord.zab.Zxid;
import org.slf4j.Logger;

/**
 * Progress reports a long operation a user may be waiting for (replaying a large log at start, say) with
 * one INFO line every few seconds: how many items so far, the rate, and the zxid reached. An operation
 * that finishes within the first interval logs nothing here, so normal starts stay quiet.
 *
 * <p>Confined to the thread doing the work.
 */
final class Progress {
    static final long DEFAULT_INTERVAL_NS = 5_000_000_000L;

    private final Logger log;
    private final String what;
    private final long intervalNs;
    private final long startNs;
    private long nextReportNs;
    private long count;

    Progress(Logger log, String what, long intervalNs) {
        this.log = log;
        this.what = what;
        this.intervalNs = intervalNs;
        this.startNs = System.nanoTime();
        this.nextReportNs = startNs + intervalNs;
    }

    /** Counts one item, done up to {@code zxid}, and logs if the interval has passed. */
    void step(long zxid) {
        count++;
        if ((count & 1023) == 0 || intervalNs == 0) {
            long now = System.nanoTime();
            if (now - nextReportNs >= 0) {
                nextReportNs = now + intervalNs;
                long elapsedMs = Math.max(1, (now - startNs) / 1_000_000);
                log.info("{}: {} so far at zxid {}, {}/s, {} s elapsed", what, count, Zxid.hex(zxid),
                        count * 1000 / elapsedMs, elapsedMs / 1000);
            }
        }
    }

    long count() {
        return count;
    }
}
