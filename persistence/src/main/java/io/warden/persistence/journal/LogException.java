package io.warden.persistence.journal;

import java.io.IOException;

/**
 * Why the log refused an operation. Each subtype says what the caller can do about it:
 * corruption needs an operator, poisoning needs a restart, overload needs a retry later,
 * closed needs nothing.
 */
public abstract sealed class LogException extends IOException
        permits LogCorruptedException, LogPoisonedException, LogOverloadedException, LogClosedException {

    LogException(String message, Throwable cause) {
        super(message, cause);
    }
}
