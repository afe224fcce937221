package dev.coord.txn;

/** MalformedTxnException reports bytes that do not decode as a transaction. */
public final class MalformedTxnException extends RuntimeException {
    public MalformedTxnException(String message) {
        super(message);
    }
}
