package io.warden.api.client.recipes;

import io.warden.api.client.SessionState;
import io.warden.api.client.WardenClient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A lock (exclusive, read or write) or a semaphore lease, held through one ephemeral sequential
 * node. It is held as long as the session: if the session ends the node is gone and another contender may hold the
 * lock, so {@link #lost()} completes then and the holder can stop.
 */
public final class HeldLock {
    private final WardenClient client;
    private final String node;
    private final CompletableFuture<SessionState> lost;

    HeldLock(WardenClient client, String node, CompletableFuture<SessionState> lost) {
        this.client = client;
        this.node = node;
        this.lost = lost;
    }

    /** This contender's node. */
    public String node() { return node; }

    /** Completes (with the final state) if the session ends while the lock is held. */
    public CompletionStage<SessionState> lost() { return lost; }

    /** Deletes the node; completes normally if it is gone already. */
    public CompletionStage<Void> release() {
        return Recipes.deleteIfPresent(client, node);
    }
}
