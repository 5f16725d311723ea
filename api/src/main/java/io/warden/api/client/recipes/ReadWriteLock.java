package io.warden.api.client.recipes;

import io.warden.api.client.WardenClient;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.KeeperException;
import io.warden.api.data.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A fair read-write lock: readers and writers queue as ephemeral sequential nodes under one path
 * ({@code read-...}, {@code write-...}). A reader holds the lock when no writer is ahead of it and
 * watches only the nearest writer ahead; a writer holds it when it is first and watches only its
 * predecessor. So readers share, writers exclude everyone, and nobody starves: a writer queued
 * before a reader goes first.
 * <pre>{@code
 * ReadWriteLock rw = new ReadWriteLock(client, "/locks/catalog");
 * rw.readLock().thenCompose(held -> read().whenComplete((r, e) -> held.release()));
 * rw.writeLock().thenCompose(held -> write().whenComplete((r, e) -> held.release()));
 * }</pre>
 */
public final class ReadWriteLock {
    private static final String READ = "read-";
    private static final String WRITE = "write-";

    private final WardenClient client;
    private final String path;

    public ReadWriteLock(WardenClient client, String path) {
        Paths.validate(path);
        this.client = client;
        this.path = path;
    }

    public CompletionStage<HeldLock> readLock() {
        return acquire(READ);
    }

    public CompletionStage<HeldLock> writeLock() {
        return acquire(WRITE);
    }

    private CompletionStage<HeldLock> acquire(String kind) {
        return Recipes.ensurePath(client, path)
                .thenCompose(v -> Recipes.createProtected(client, path, kind, null, CreateMode.EPHEMERAL_SEQUENTIAL))
                .thenCompose(node -> waitForTurn(node, kind.equals(WRITE)))
                .thenApply(node -> new HeldLock(client, node, Recipes.sessionEnd(client)));
    }

    private CompletionStage<String> waitForTurn(String node, boolean writer) {
        return Recipes.queue(client, path, READ, WRITE).thenCompose(queue -> {
            int at = queue.indexOf(Paths.name(node));
            if (at < 0) {
                return CompletableFuture.failedFuture(new KeeperException(Code.NO_NODE, node));
            }
            String blocker = null;
            if (writer && at > 0) {
                blocker = queue.get(at - 1);
            } else if (!writer) {
                for (int i = at - 1; i >= 0 && blocker == null; i--) {
                    if (queue.get(i).startsWith(WRITE)) {
                        blocker = queue.get(i);
                    }
                }
            }
            if (blocker == null) {
                return CompletableFuture.completedFuture(node);
            }
            return Recipes.whenGone(client, Paths.child(path, blocker)).thenCompose(v -> waitForTurn(node, writer));
        });
    }
}
