package io.warden.persistence.journal;

/**
 * A write or fsync failed, so the log refuses every later write: after a failed fsync the
 * kernel may have dropped dirty pages, and nothing written afterwards may be reported durable.
 * Everything acknowledged before the failure stays readable; reopening the log (a restart)
 * cuts the unacknowledged tail and resumes.
 */
public final class LogPoisonedException extends LogException {

    public LogPoisonedException(String message, Throwable cause) {
        super(message, cause);
    }
}
