package dev.coord.examples.shell;

/**
 * UsageException is input the shell does not understand: an unknown command, a missing or extra
 * argument, an unknown flag, an unterminated quote. Its message says what is wrong and, for a known
 * command, ends with that command's usage line. Nothing was sent to the ensemble.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
