package dev.coord.log;

/**
 * LogCorruptedException reports a log or snapshot file whose content failed its checksum or format
 * check in a place where it cannot be a torn last write; the message names the file.
 */
public final class LogCorruptedException extends RuntimeException {
    public LogCorruptedException(String message) {
        super(message);
    }

    public LogCorruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
