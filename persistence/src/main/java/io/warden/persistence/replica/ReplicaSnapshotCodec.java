package io.warden.persistence.replica;

import io.warden.persistence.snapstore.StreamableSnapshotCodec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a streamed {@link ReplicaSnapshot} back for the file snapshot store. */
public final class ReplicaSnapshotCodec implements StreamableSnapshotCodec {
    @Override
    public Object readFrom(InputStream in, long sizeBytes) throws IOException {
        // one buffer shared by the header reader and the tree reader that continues after it
        return new ReplicaSnapshot(ReplicaEventCodec.readSnapshot(new BufferedInputStream(in, 1 << 16)));
    }
}
