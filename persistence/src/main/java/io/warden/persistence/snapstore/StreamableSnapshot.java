package io.warden.persistence.snapstore;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A snapshot too large to serialize into one byte array: {@link FileSnapshotStore} streams it
 * straight into the snapshot file instead of using Pekko serialization. Reading it back needs a
 * {@link StreamableSnapshotCodec} registered under {@link #codecManifest()} in the store's
 * {@code streamable-codecs} setting; the store refuses to save a snapshot it could not read.
 */
public interface StreamableSnapshot {

    /** Names the codec that reads this snapshot back; stored in the file header. */
    String codecManifest();

    /** Writes the whole snapshot; the stream is buffered and must not be closed. */
    void writeTo(OutputStream out) throws IOException;
}
