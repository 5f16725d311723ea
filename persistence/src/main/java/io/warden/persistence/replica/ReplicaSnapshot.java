package io.warden.persistence.replica;

import java.util.Objects;

/**
 * What the replica log hands the snapshot store: the state at a snapCount point (tree, pending
 * proposals, epochs, snapshot bookkeeping). Its bytes are {@link ReplicaEventCodec}'s snapshot
 * grammar, streamed, never built as one array when the store can stream.
 */
public record ReplicaSnapshot(ReplicaState state) {
    public ReplicaSnapshot {
        Objects.requireNonNull(state, "state");
    }
}
