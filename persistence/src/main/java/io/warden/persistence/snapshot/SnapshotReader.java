package io.warden.persistence.snapshot;

import io.warden.persistence.tree.DataTree;

import java.io.IOException;
import java.io.InputStream;

/** Reads a snapshot written by {@link SnapshotWriter}, verifying CRC and digest. */
public final class SnapshotReader {
    private SnapshotReader() {
    }

    /** Reads one snapshot; throws {@link SnapshotFormatException} for corrupt or truncated input. */
    public static DataTree read(InputStream in) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
