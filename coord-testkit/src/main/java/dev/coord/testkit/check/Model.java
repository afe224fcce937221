package dev.coord.testkit.check;

/**
 * Model is the sequential specification a {@link LinearizabilitySearch} judges a history against: the
 * state an object starts in, and what one operation does to a state.
 *
 * <p>Contract: states are immutable values with {@code equals} and {@code hashCode} over their whole
 * content, because the search memoizes (linearized operations, state) pairs; {@link #step} is a pure
 * function of its arguments.
 *
 * @param <S> the state
 * @param <O> an operation, with the outcome that was recorded for it
 */
public interface Model<S, O> {

    /** The state before the first operation. */
    S initial();

    /**
     * The state after {@code op} takes effect in {@code state}, or null if {@code op}'s recorded outcome
     * is impossible in {@code state}. An op whose outcome was not recorded (it may or may not have taken
     * effect) should return the state its effect leads to; the search itself covers "never took effect"
     * by leaving such an op unlinearized.
     */
    S step(S state, O op);

    /**
     * What {@code op} may read or change if it is applied in {@code state} or in any state after it,
     * given that every operation returning before {@code nowNs} has been applied already; or null if
     * the model cannot tell (the search then assumes {@code op} conflicts with everything). Two
     * operations whose footprints do not conflict must commute in all those states: applied in either
     * order, both are accepted or not alike and they end in the same state. The search uses this to
     * skip orders that cannot matter; the default tells nothing.
     */
    default Footprint footprint(S state, O op, long nowNs) {
        return null;
    }

    /**
     * True if {@code op}, which leaves {@code state} unchanged, also leaves unchanged every state that
     * may follow {@code state} and accepts it, as a read does. The search then linearizes such an
     * operation (one that returned) as soon as it is accepted, without trying anything else first. The
     * default tells nothing (false); true for an operation that merely happens to change nothing here
     * (a write of the value already there) would make the search miss linearizations.
     */
    default boolean unchangedFromNowOn(S state, O op) {
        return false;
    }

    /**
     * True if {@code op}, whose outcome was recorded, can be accepted neither in {@code state} nor in any
     * state that may follow it, so that the search need not go on from {@code state}. The default tells
     * nothing (false).
     */
    default boolean neverAccepted(S state, O op) {
        return false;
    }

    /**
     * True if some operation of the history invoked after {@code nowNs} whose outcome was recorded can be
     * accepted in no state that may follow {@code state} (the search calls this only when no such
     * operation has been applied yet). The default tells nothing (false).
     */
    default boolean blocksLater(S state, long nowNs) {
        return false;
    }
}
