package dev.coord.zab;

/**
 * MalformedMessageException is thrown when bytes received from a peer are not a valid
 * {@link ZabMessage} encoding; the message says what is wrong. The I/O shell answers it by closing
 * that connection.
 */
public final class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message) {
        super(message);
    }
}
