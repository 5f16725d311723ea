package io.warden.persistence.snapshot;

import io.warden.persistence.tree.DataTree;

import java.io.IOException;
import java.io.OutputStream;

/** Streams a {@link DataTree} as a snapshot (grammar to follow). */
public final class SnapshotWriter {
    private SnapshotWriter() {
    }

    /** Writes the whole snapshot; does not close or sync the stream. */
    public static void write(DataTree tree, OutputStream out) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
