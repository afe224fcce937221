package dev.coord.testkit.check;

import dev.coord.testkit.history.Entry;

/**
 * Sighting is one result that showed a node: its path, czxid, mzxid and version, and its data when the
 * result tells it (getData shows it; a setData's result is the data it wrote).
 *
 * @param data  null if the result does not tell
 * @param entry the entry whose result it is
 */
record Sighting(String path, long czxid, long mzxid, int version, String data, Entry entry) {

    /** True if this sighting is of a state no older than {@code earlier}, a state of the same path. */
    boolean notOlderThan(Sighting earlier) {
        return czxid == earlier.czxid ? mzxid >= earlier.mzxid : czxid > earlier.mzxid;
    }

    String describe() {
        return path + " at czxid " + czxid + ", mzxid " + mzxid;
    }
}
