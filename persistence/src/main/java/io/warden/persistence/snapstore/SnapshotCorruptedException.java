package io.warden.persistence.snapstore;

import java.io.IOException;
import java.nio.file.Path;

/** A snapshot file failed validation (bad header, CRC, truncation); it is never handed out. */
public final class SnapshotCorruptedException extends IOException {

    private final transient Path file;

    public SnapshotCorruptedException(Path file, String problem) {
        super("snapshot file " + file + " is unusable: " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
