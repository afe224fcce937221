package dev.coord.testkit.check;

/**
 * Stamp is what the tree model knows of one zxid it cannot predict (a node's czxid or mzxid): its value
 * once some result revealed it, and a floor it must exceed.
 *
 * <p>Why a floor: zxids grow in the order writes take effect, so a node's new mzxid is above every
 * zxid known of the node before, and a new incarnation's czxid is above every zxid known of the path's
 * earlier incarnations. The floor is that path-local maximum, and a value revealed later at or below it
 * is impossible. (Path-local on purpose: a floor taken from zxids known of other paths would depend on
 * the order in which independent reads were linearized, and the search could no longer memoize.)
 *
 * @param value the zxid, or {@link #UNKNOWN}
 * @param floor the zxid is strictly greater than this
 */
record Stamp(long value, long floor) {
    static final long UNKNOWN = Long.MIN_VALUE;

    /** A zxid not yet known, greater than {@code floor}. */
    static Stamp above(long floor) {
        return new Stamp(UNKNOWN, floor);
    }

    boolean known() {
        return value != UNKNOWN;
    }

    /** This stamp with {@code zxid} observed, or null if the observation contradicts what is known. */
    Stamp observe(long zxid) {
        if (known()) {
            return value == zxid ? this : null;
        }
        return zxid > floor ? new Stamp(zxid, floor) : null;
    }
}
