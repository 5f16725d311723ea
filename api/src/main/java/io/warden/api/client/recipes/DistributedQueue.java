package io.warden.api.client.recipes;

import io.warden.api.client.WardenClient;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A FIFO queue of byte arrays: each item is a persistent sequential node; a consumer reads the
 * lowest and deletes it, and only the consumer whose delete succeeds gets the item, so every
 * item is taken exactly once even with many consumers. A consumer whose connection breaks after
 * the delete was applied but before it heard so loses that item (at-most-once delivery for that
 * consumer; use a lock-protected queue or idempotent items if that matters).
 * <pre>{@code
 * DistributedQueue jobs = new DistributedQueue(client, "/queues/jobs");
 * jobs.offer(payload);
 * jobs.take().thenAccept(this::process);   // waits for an item
 * }</pre>
 */
public final class DistributedQueue {
    private static final String PREFIX = "q-";

    private final WardenClient client;
    private final String path;

    public DistributedQueue(WardenClient client, String path) {
        Paths.validate(path);
        this.client = client;
        this.path = path;
    }

    /** Adds an item at the tail; completes with its node. */
    public CompletionStage<String> offer(byte[] item) {
        return Recipes.ensurePath(client, path)
                .thenCompose(v -> client.create(Paths.child(path, PREFIX), item, CreateMode.PERSISTENT_SEQUENTIAL));
    }

    /** Takes the head if there is one. */
    public CompletionStage<Optional<byte[]>> poll() {
        return Recipes.queue(client, path, PREFIX).handle((queue, e) -> {
            if (e != null && Recipes.codeOf(e) == Code.NO_NODE) {
                return CompletableFuture.completedFuture(Optional.<byte[]>empty());
            }
            if (e != null) {
                return CompletableFuture.<Optional<byte[]>>failedFuture(e);
            }
            return takeFirst(queue, 0);
        }).thenCompose(s -> s);
    }

    /** Takes the head, waiting for an item if the queue is empty. */
    public CompletionStage<byte[]> take() {
        return Recipes.ensurePath(client, path).thenCompose(v -> client.watchChildren(path)).thenCompose(w -> {
            return takeFirst(Recipes.inSequence(w.value(), PREFIX), 0).thenCompose(item -> item.isPresent()
                    ? CompletableFuture.completedFuture(item.get())
                    : w.change().thenCompose(event -> take()));
        });
    }

    private CompletionStage<Optional<byte[]>> takeFirst(List<String> queue, int at) {
        if (at >= queue.size()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String node = Paths.child(path, queue.get(at));
        return client.getData(node).thenCompose(d -> client.delete(node, -1).thenApply(v -> Optional.ofNullable(d.data())
                .or(() -> Optional.of(new byte[0]))))
                .handle((item, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(item);
                    }
                    if (Recipes.codeOf(e) == Code.NO_NODE) {
                        return takeFirst(queue, at + 1); // another consumer took it
                    }
                    return CompletableFuture.<Optional<byte[]>>failedFuture(e);
                }).thenCompose(s -> s);
    }
}
