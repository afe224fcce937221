package dev.coord;

/** Durability says when a write may be acknowledged. */
public enum Durability {
    /** A write is acknowledged only after its log record is forced to disk (group commit). The default. */
    FSYNC,
    /**
     * Records are written to the page cache but never forced: survives a process crash, not a power
     * loss or an operating-system crash.
     */
    NONE
}
