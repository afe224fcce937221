package dev.coord;

/**
 * OpResult is the outcome of one op of a {@code multi}, at the same index as the op.
 */
public sealed interface OpResult {
    /** A create succeeded: the actual path (with any sequential suffix) and the new node's stat. */
    record Create(String path, Stat stat) implements OpResult {
    }

    /** A delete succeeded. */
    record Delete() implements OpResult {
    }

    /** A setData succeeded: the node's new stat. */
    record SetData(Stat stat) implements OpResult {
    }

    /** A check succeeded. */
    record Check() implements OpResult {
    }

    /**
     * In a failed multi: {@code OK} for ops before the failure (rolled back), the failing op's code,
     * and {@code RUNTIME_INCONSISTENCY} for the ops after it.
     */
    record Error(CoordException.Code code) implements OpResult {
    }
}
