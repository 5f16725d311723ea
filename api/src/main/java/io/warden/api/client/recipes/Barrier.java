package io.warden.api.client.recipes;

import io.warden.api.client.WardenClient;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Paths;
import java.util.concurrent.CompletionStage;

/**
 * A barrier: while its node exists, {@link #await()} waits; removing the node lets every waiter
 * through. Waiters hold a one-shot exists watch, re-registered after a reconnect with the last
 * zxid seen, so a removal while a waiter was disconnected still releases it.
 * <pre>{@code
 * Barrier start = new Barrier(client, "/barriers/start");
 * start.set();                       // coordinator
 * start.await().thenRun(this::go);   // workers
 * start.remove();                    // coordinator: everyone goes
 * }</pre>
 */
public final class Barrier {
    private final WardenClient client;
    private final String path;

    public Barrier(WardenClient client, String path) {
        Paths.validate(path);
        this.client = client;
        this.path = path;
    }

    /** Raises the barrier (idempotent). */
    public CompletionStage<Void> set() {
        return Recipes.ensurePath(client, Paths.parent(path))
                .thenCompose(v -> Recipes.createIfAbsent(client, path, CreateMode.PERSISTENT));
    }

    /** Lowers the barrier (idempotent): every waiter goes. */
    public CompletionStage<Void> remove() {
        return Recipes.deleteIfPresent(client, path);
    }

    /** Completes once the barrier is down (at once if it is not up). */
    public CompletionStage<Void> await() {
        return Recipes.whenGone(client, path);
    }
}
