package dev.coord.testkit.check;

import java.util.Set;

/**
 * Outcome is what the tree model says one operation does in a given state: succeed with a value, or
 * fail with a ZooKeeper error code and change nothing.
 *
 * @param failure the error code, or null on success
 * @param value   on success, the value the op returns (a created path, or the node a setData produced)
 */
record Outcome(String failure, Object value) {
    static final String NONODE = "NONODE";
    static final String NODEEXISTS = "NODEEXISTS";
    static final String BADVERSION = "BADVERSION";
    static final String NOTEMPTY = "NOTEMPTY";
    static final String NOCHILDRENFOREPHEMERALS = "NOCHILDRENFOREPHEMERALS";
    static final String BADARGUMENTS = "BADARGUMENTS";
    /**
     * An ephemeral create by a session that is already closed: it must not succeed, and since the
     * history model has no code for it, any recorded failure code fits.
     */
    static final String SESSION_CLOSED = "SESSION_CLOSED";

    /** The failure codes the model decides; a recorded failure with any other code is not judged. */
    static final Set<String> MODELLED = Set.of(NONODE, NODEEXISTS, BADVERSION, NOTEMPTY, NOCHILDRENFOREPHEMERALS, BADARGUMENTS);

    static Outcome ok(Object value) {
        return new Outcome(null, value);
    }

    static Outcome failed(String code) {
        return new Outcome(code, null);
    }

    boolean ok() {
        return failure == null;
    }

    /** True if a recorded failure with {@code code} fits this outcome. */
    boolean failsWith(String code) {
        return failure != null && (failure.equals(code) || failure.equals(SESSION_CLOSED));
    }
}
