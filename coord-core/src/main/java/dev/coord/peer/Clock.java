package dev.coord.peer;

/**
 * Clock is where the I/O shell reads time: wall time for znode times and TTLs (as ZooKeeper), and a
 * monotonic time for timeouts. The pure packages never read it; they are given its values.
 */
public interface Clock {
    /** Milliseconds since the epoch. */
    long wallMs();

    /** A monotonic time in nanoseconds. */
    long nanoTime();

    /** The system's clocks. */
    Clock SYSTEM = new Clock() {
        @Override
        public long wallMs() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };
}
