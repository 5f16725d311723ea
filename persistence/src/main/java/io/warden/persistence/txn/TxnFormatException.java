package io.warden.persistence.txn;

/** Bytes that are not a txn this codec wrote: the message says which field and where. */
public final class TxnFormatException extends RuntimeException {
    public TxnFormatException(String message) {
        super(message);
    }

    public TxnFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
