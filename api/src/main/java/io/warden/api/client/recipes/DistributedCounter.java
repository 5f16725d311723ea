package io.warden.api.client.recipes;

import io.warden.api.client.NodeData;
import io.warden.api.client.WardenClient;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Paths;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A shared 64-bit counter in one node (8 bytes, big-endian), changed by compare-and-set: read the
 * value and its version, write the new value only if the version is unchanged, retry otherwise.
 * Every successful {@link #add} is one setData with the version it read, so concurrent adds are
 * serialised by the server and none is lost.
 * <pre>{@code
 * DistributedCounter orders = new DistributedCounter(client, "/counters/orders");
 * long next = orders.add(1).toCompletableFuture().join();   // the value after this add
 * }</pre>
 */
public final class DistributedCounter {
    private static final int MAX_ATTEMPTS = 1_000;

    private final WardenClient client;
    private final String path;

    public DistributedCounter(WardenClient client, String path) {
        Paths.validate(path);
        this.client = client;
        this.path = path;
    }

    /** The current value (0 if the counter was never written). */
    public CompletionStage<Long> get() {
        return client.getData(path).thenApply(d -> decode(d.data())).exceptionally(e -> {
            if (Recipes.codeOf(e) == Code.NO_NODE) {
                return 0L;
            }
            throw Recipes.rethrow(e);
        });
    }

    /** Adds {@code delta}; completes with the value this add produced. */
    public CompletionStage<Long> add(long delta) {
        return attempt(delta, 0);
    }

    private CompletionStage<Long> attempt(long delta, int attempt) {
        if (attempt >= MAX_ATTEMPTS) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "counter " + path + ": " + MAX_ATTEMPTS + " compare-and-set attempts lost to other writers"));
        }
        return client.getData(path).handle((NodeData d, Throwable e) -> {
            if (e != null && Recipes.codeOf(e) == Code.NO_NODE) {
                return create(delta, attempt);
            }
            if (e != null) {
                return CompletableFuture.<Long>failedFuture(e);
            }
            long next = decode(d.data()) + delta;
            return client.setData(path, encode(next), d.stat().version()).handle((stat, e2) -> {
                if (e2 == null) {
                    return CompletableFuture.completedFuture(next);
                }
                if (Recipes.codeOf(e2) == Code.BAD_VERSION || Recipes.codeOf(e2) == Code.NO_NODE) {
                    return attempt(delta, attempt + 1); // another writer won this round
                }
                return CompletableFuture.<Long>failedFuture(e2);
            }).thenCompose(s -> s);
        }).thenCompose(s -> s);
    }

    private CompletionStage<Long> create(long delta, int attempt) {
        return Recipes.ensurePath(client, Paths.parent(path))
                .thenCompose(v -> client.create(path, encode(delta), CreateMode.PERSISTENT))
                .handle((created, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(delta);
                    }
                    if (Recipes.codeOf(e) == Code.NODE_EXISTS) {
                        return attempt(delta, attempt + 1);
                    }
                    return CompletableFuture.<Long>failedFuture(e);
                }).thenCompose(s -> s);
    }

    static long decode(byte[] data) {
        if (data == null || data.length == 0) {
            return 0;
        }
        if (data.length != Long.BYTES) {
            throw new IllegalStateException("not a counter: " + data.length + " bytes, expected 8");
        }
        return ByteBuffer.wrap(data).getLong();
    }

    static byte[] encode(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}
