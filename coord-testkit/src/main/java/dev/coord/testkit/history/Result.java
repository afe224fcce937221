package dev.coord.testkit.history;

import java.util.List;

/** Result is what a client got back: a value, a failure code, or nothing it could rely on. */
public sealed interface Result {

    /**
     * Success. The value depends on the command: Create gives the created path (String); SetData a
     * {@link Version}; GetData a {@link Node}; Exists a {@link Node} with null data, or null if absent;
     * GetChildren the child names, sorted (List of String); Multi the per-op results (List of Result,
     * each Ok with the value its op gives, or null for a Check); Delete and CloseSession null.
     */
    record Ok(Object value) implements Result {
    }

    /**
     * A definite failure that changed nothing: {@code code} is one of NONODE, NODEEXISTS, BADVERSION,
     * NOTEMPTY, NOCHILDRENFOREPHEMERALS (for a multi: the code of the op that failed).
     */
    record Failed(String code) implements Result {
    }

    /**
     * The client cannot tell whether the operation took effect (timeout, connection loss, the peer
     * stopped): it may have taken effect at any time after it was invoked, or never.
     */
    record Unknown() implements Result {
    }

    /** A node's version as a SetData returns it. */
    record Version(int version, long czxid, long mzxid) {
    }

    /** A node as a read saw it; {@code data} is null for Exists. */
    record Node(String data, int version, long czxid, long mzxid) {
    }

    static Result ok(Object value) {
        return new Ok(value);
    }

    static Result failed(String code) {
        return new Failed(code);
    }

    static Result unknown() {
        return new Unknown();
    }

    /** The sub-results of a successful Multi. */
    @SuppressWarnings("unchecked")
    static List<Result> multi(Result r) {
        return (List<Result>) ((Ok) r).value();
    }
}
