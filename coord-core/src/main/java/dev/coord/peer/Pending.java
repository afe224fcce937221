package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.tree.Applied;
import dev.coord.txn.Txn;

/**
 * Pending is one request of the current batch waiting for the batch's log force: either a transaction
 * applied to the speculative tree ({@code applied} set, under {@code zxid}), an error found while
 * preparing it, or a request with nothing to log (an empty multi, a sync) that completes in its turn.
 *
 * @param request the request to answer, or null for the peer's own housekeeping transactions
 * @param zxid    the transaction's zxid, or 0 when there is none
 * @param txn     the transaction, or null
 * @param applied the transaction's effects, or null
 * @param error   the error to answer, or null
 * @param value   the answer when there is no transaction and no error
 */
record Pending(Request request, long zxid, Txn txn, Applied applied, CoordException error, Object value) {
    static Pending ofTxn(Request request, long zxid, Txn txn, Applied applied) {
        return new Pending(request, zxid, txn, applied, null, null);
    }

    static Pending ofError(Request request, CoordException error) {
        return new Pending(request, 0, null, null, error, null);
    }

    static Pending ofValue(Request request, Object value) {
        return new Pending(request, 0, null, null, null, value);
    }
}
