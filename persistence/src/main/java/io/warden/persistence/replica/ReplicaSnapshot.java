package io.warden.persistence.replica;

import io.warden.persistence.snapstore.StreamableSnapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * What the replica log hands the snapshot store: the state at a snapCount point (tree, pending
 * proposals, epochs, snapshot bookkeeping), in {@link ReplicaEventCodec}'s snapshot grammar.
 * A store that can stream (the file store) writes it straight to disk through
 * {@link #writeTo}; any other store gets one array from {@link ReplicaSerializer}.
 */
public record ReplicaSnapshot(ReplicaState state) implements StreamableSnapshot {
    /** The file store's key for {@link ReplicaSnapshotCodec}, registered in reference.conf. */
    public static final String CODEC_MANIFEST = "warden-replica-v1";

    public ReplicaSnapshot {
        Objects.requireNonNull(state, "state");
    }

    @Override
    public String codecManifest() {
        return CODEC_MANIFEST;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        ReplicaEventCodec.writeSnapshot(state, out);
    }
}
