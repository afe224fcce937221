/**
 * Recorded client histories of a Coord ensemble, and the checkers that judge them.
 *
 * <p>A history is a list of {@link dev.coord.testkit.history.Entry} values: one per operation a client
 * invoked, with the time it was invoked, the time its outcome was known (or never), what it asked
 * ({@link dev.coord.testkit.history.Command}) and what it got ({@link dev.coord.testkit.history.Result}).
 * The deterministic simulator and the real-process fault test both record histories in this form.
 */
package dev.coord.testkit.history;
