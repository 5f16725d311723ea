package io.warden.persistence.journal;

/**
 * The append queue stayed full for the whole enqueue timeout: the disk cannot keep up. The
 * append was not queued and will never be written; the caller may retry later.
 */
public final class LogOverloadedException extends LogException {

    public LogOverloadedException(String message) {
        super(message, null);
    }
}
