package io.warden.persistence.journal;

/** The log was closed before the request could be written. */
public final class LogClosedException extends LogException {

    public LogClosedException(String message) {
        super(message, null);
    }
}
