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
}
