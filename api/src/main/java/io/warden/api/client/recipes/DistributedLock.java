package io.warden.api.client.recipes;

import io.warden.api.client.WardenClient;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.KeeperException;
import io.warden.api.data.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A fair mutual-exclusion lock: each contender creates an ephemeral sequential node under the
 * lock's path; the lowest sequence holds the lock; every other contender watches only the node
 * just before its own (no herd effect), and the lock passes in creation order.
 * <pre>{@code
 * DistributedLock lock = new DistributedLock(client, "/locks/orders");
 * lock.acquire().thenCompose(held -> doWork().whenComplete((r, e) -> held.release()));
 * }</pre>
 * The lock is held as long as the session: if the session expires the node is gone and another
 * contender may hold it; {@link HeldLock#lost()} completes then, so the holder can stop.
 */
public final class DistributedLock {
    private static final String PREFIX = "lock-";

    private final WardenClient client;
    private final String path;

    public DistributedLock(WardenClient client, String path) {
        Paths.validate(path);
        this.client = client;
        this.path = path;
    }

    /** Queues for the lock; completes when it is held. */
    public CompletionStage<HeldLock> acquire() {
        return Recipes.ensurePath(client, path)
                .thenCompose(v -> Recipes.createProtected(client, path, PREFIX, null, CreateMode.EPHEMERAL_SEQUENTIAL))
                .thenCompose(this::waitForTurn)
                .thenApply(node -> new HeldLock(client, node, Recipes.sessionEnd(client)));
    }

    private CompletionStage<String> waitForTurn(String node) {
        return Recipes.queue(client, path, PREFIX).thenCompose(queue -> {
            int at = queue.indexOf(Paths.name(node));
            if (at < 0) {
                return CompletableFuture.failedFuture(new KeeperException(Code.NO_NODE, node));
            }
            if (at == 0) {
                return CompletableFuture.completedFuture(node);
            }
            return Recipes.whenGone(client, Paths.child(path, queue.get(at - 1))).thenCompose(v -> waitForTurn(node));
        });
    }
}
