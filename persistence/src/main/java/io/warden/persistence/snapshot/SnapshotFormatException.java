package io.warden.persistence.snapshot;

import java.io.IOException;

/** A snapshot that is corrupt, truncated or not ours; the message names the field and offset. */
public final class SnapshotFormatException extends IOException {
    public SnapshotFormatException(String message) {
        super(message);
    }
}
