package io.warden.persistence.journal;

import java.nio.file.Path;

/**
 * Data the log once acknowledged (or may have acknowledged) is unreadable: a bad frame that is
 * not a torn tail, a gap between segments, an unknown segment header. The log never skips such
 * data silently; start-up stops with the file and byte offset so an operator can decide (for a
 * Warden peer: wipe it and let it resync from the quorum).
 */
public final class LogCorruptedException extends LogException {

    private final transient Path file;
    private final long offset;

    public LogCorruptedException(Path file, long offset, String problem) {
        super("journal corrupted in " + file + " at byte offset " + offset + ": " + problem, null);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
