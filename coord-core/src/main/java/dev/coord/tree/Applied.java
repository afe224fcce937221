package dev.coord.tree;

import java.util.List;

/**
 * Applied is the outcome of applying one transaction to a {@link DataTree}.
 *
 * @param tree    the tree after the transaction
 * @param changes the watchable changes, in order
 * @param result  what the transaction's requester is answered: an {@link dev.coord.OpResult} for single
 *                ops, a {@code List<OpResult>} for a multi, the session id ({@code Long}) for a session
 *                creation, or null
 */
public record Applied(DataTree tree, List<Change> changes, Object result) {
}
