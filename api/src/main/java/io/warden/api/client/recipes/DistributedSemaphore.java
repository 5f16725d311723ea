package io.warden.api.client.recipes;

import io.warden.api.client.WardenClient;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.KeeperException;
import io.warden.api.data.Paths;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A counting semaphore of {@code permits} leases: each contender queues as an ephemeral
 * sequential node and holds a lease while it is among the first {@code permits} in sequence
 * order, so leases are granted in arrival order. Waiters watch the lease directory: a release
 * wakes every waiter, which re-reads the queue (for one permit, {@link DistributedLock} avoids
 * that). A holder's lease ends with its session.
 * <pre>{@code
 * DistributedSemaphore pool = new DistributedSemaphore(client, "/semaphores/db", 5);
 * pool.acquire().thenCompose(lease -> query().whenComplete((r, e) -> lease.release()));
 * }</pre>
 * Every contender must use the same {@code permits}: the count is not stored in the tree.
 */
public final class DistributedSemaphore {
    private static final String PREFIX = "lease-";

    private final WardenClient client;
    private final String path;
    private final int permits;

    public DistributedSemaphore(WardenClient client, String path, int permits) {
        Paths.validate(path);
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1: " + permits);
        }
        this.client = client;
        this.path = path;
        this.permits = permits;
    }

    /** Queues for a lease; completes when it is held (a {@link HeldLock}: release it to give the permit back). */
    public CompletionStage<HeldLock> acquire() {
        return Recipes.ensurePath(client, path)
                .thenCompose(v -> Recipes.createProtected(client, path, PREFIX, null, CreateMode.EPHEMERAL_SEQUENTIAL))
                .thenCompose(this::waitForTurn)
                .thenApply(node -> new HeldLock(client, node, Recipes.sessionEnd(client)));
    }

    private CompletionStage<String> waitForTurn(String node) {
        return client.watchChildren(path).thenCompose(w -> {
            List<String> queue = Recipes.inSequence(w.value(), PREFIX);
            int at = queue.indexOf(Paths.name(node));
            if (at < 0) {
                return CompletableFuture.failedFuture(new KeeperException(Code.NO_NODE, node));
            }
            if (at < permits) {
                return CompletableFuture.completedFuture(node);
            }
            return w.change().thenCompose(event -> waitForTurn(node));
        });
    }
}
