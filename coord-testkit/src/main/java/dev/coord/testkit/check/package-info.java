/**
 * The checkers that judge a recorded history ({@link dev.coord.testkit.history.Entry} values) against
 * ZooKeeper's guarantees.
 *
 * <ul>
 * <li>{@link dev.coord.testkit.check.LinearizabilityChecker}: writes, and reads after a sync, must be
 *     linearizable with respect to the znode tree. The history is split into independent partitions,
 *     each searched with {@link dev.coord.testkit.check.LinearizabilitySearch} (Wing and Gong with Lowe's
 *     memoization, generic over a {@link dev.coord.testkit.check.Model}, with reductions that keep it
 *     exact: a partial-order reduction over the model's {@link dev.coord.testkit.check.Footprint}s,
 *     changeless operations placed at once, dead ends seen early, and configurations dominated by one
 *     with fewer unknown outcomes skipped); a violation is reported as a small
 *     {@link dev.coord.testkit.check.Window} of entries a human can read.</li>
 * <li>{@link dev.coord.testkit.check.SessionOrderChecker}: every result, plain reads included, must
 *     respect its session's order and agree with the other results on each node version.</li>
 * </ul>
 *
 * <p>Typical use, after a simulated or real run has recorded {@code history}:
 * <pre>{@code
 * Report report = LinearizabilityChecker.check(history, InitialTree.empty(), Duration.ofSeconds(30));
 * assertThat(report.verdict()).as(report.toString()).isNotEqualTo(Verdict.NOT_LINEARIZABLE);
 * assertThat(SessionOrderChecker.check(history)).isEmpty();
 * }</pre>
 *
 * <p>Not modelled: container and TTL nodes (the history model has no such create mode), session
 * expiry without a recorded CloseSession entry, and the session-closed error of writes other than
 * ephemeral creates. Pure code: no threads, no I/O; time is read only to honour a budget.
 */
package dev.coord.testkit.check;
