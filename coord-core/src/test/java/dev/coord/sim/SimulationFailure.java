package dev.coord.sim;

/** SimulationFailure is a broken invariant or an unexpected error found by a simulation run. */
final class SimulationFailure extends RuntimeException {
    SimulationFailure(String message) {
        super(message);
    }

    SimulationFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
