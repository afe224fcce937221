package dev.coord.testkit.check;

/** Verdict is what a linearizability check concluded. */
public enum Verdict {
    /** Every operation can be placed at one point within its interval, in an order the model accepts. */
    LINEARIZABLE,
    /** No such placement exists. */
    NOT_LINEARIZABLE,
    /** The time or memory budget ran out before the search could tell. */
    UNKNOWN
}
