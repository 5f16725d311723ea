package io.warden.api.client.recipes;

import io.warden.api.client.SessionState;
import io.warden.api.client.WardenClient;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.KeeperException;
import io.warden.api.data.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A fair mutual-exclusion lock: each contender creates an ephemeral sequential node under the
 * lock's path; the lowest sequence holds the lock; every other contender watches only the node
 * just before its own (no herd effect), and the lock passes in creation order.
 * <pre>{@code
 * DistributedLock lock = new DistributedLock(client, "/locks/orders");
 * lock.acquire().thenCompose(held -> doWork().whenComplete((r, e) -> held.release()));
 * }</pre>
 * The lock is held as long as the session: if the session expires the node is gone and another
 * contender may hold it; {@link Held#lost()} completes then, so the holder can stop.
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

    /** A held lock. */
    public final class Held {
        private final String node;
        private final CompletableFuture<SessionState> lost;

        private Held(String node, CompletableFuture<SessionState> lost) {
            this.node = node;
            this.lost = lost;
        }

        /** This contender's node. */
        public String node() { return node; }

        /** Completes (with the final state) if the session ends while the lock is held. */
        public CompletionStage<SessionState> lost() { return lost; }

        public CompletionStage<Void> release() {
            return client.delete(node, -1).exceptionally(e -> {
                if (codeOf(e) == Code.NO_NODE) {
                    return null;
                }
                throw e instanceof CompletionException c ? c : new CompletionException(e);
            });
        }
    }

    /** Queues for the lock; completes when it is held. */
    public CompletionStage<Held> acquire() {
        String token = UUID.randomUUID().toString();
        return Recipes.ensurePath(client, path)
                .thenCompose(v -> createNode(token))
                .thenCompose(this::waitForTurn)
                .thenApply(node -> new Held(node, lossOf()));
    }

    private CompletionStage<String> createNode(String token) {
        String prefix = Paths.child(path, PREFIX + token + "-");
        return client.create(prefix, null, CreateMode.EPHEMERAL_SEQUENTIAL)
                .handle((created, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(created);
                    }
                    if (codeOf(e) == Code.CONNECTION_LOSS) {
                        // The create may have been applied: our token finds it (Curator's "protected" name).
                        return findOrCreate(token);
                    }
                    return CompletableFuture.<String>failedFuture(e);
                }).thenCompose(s -> s);
    }

    private CompletionStage<String> findOrCreate(String token) {
        return client.getChildren(path).thenCompose(children -> children.stream()
                .filter(c -> c.contains(token)).findFirst()
                .<CompletionStage<String>>map(c -> CompletableFuture.completedFuture(Paths.child(path, c)))
                .orElseGet(() -> createNode(token)));
    }

    private CompletionStage<String> waitForTurn(String node) {
        return client.getChildren(path).thenCompose(children -> {
            List<String> queue = children.stream().filter(c -> c.startsWith(PREFIX))
                    .sorted(Comparator.comparing(DistributedLock::sequence)).toList();
            String mine = Paths.name(node);
            int at = queue.indexOf(mine);
            if (at < 0) {
                return CompletableFuture.failedFuture(new KeeperException(Code.NO_NODE, node));
            }
            if (at == 0) {
                return CompletableFuture.completedFuture(node);
            }
            String predecessor = Paths.child(path, queue.get(at - 1));
            return client.watchExists(predecessor).thenCompose(w -> {
                if (w.value().isEmpty()) {
                    return waitForTurn(node);
                }
                return w.change().thenCompose(event -> waitForTurn(node));
            });
        });
    }

    private CompletableFuture<SessionState> lossOf() {
        CompletableFuture<SessionState> lost = new CompletableFuture<>();
        client.sessionStates().subscribe(new Flow.Subscriber<>() {
            @Override public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
            @Override public void onNext(SessionState s) {
                if (s.isTerminal()) {
                    lost.complete(s);
                }
            }
            @Override public void onError(Throwable t) { lost.complete(SessionState.CLOSED); }
            @Override public void onComplete() { lost.complete(client.state()); }
        });
        return lost;
    }

    /** The sequence ZooKeeper appended: the last 10 characters. */
    static String sequence(String name) {
        return name.substring(Math.max(0, name.length() - 10));
    }

    static Code codeOf(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof KeeperException k ? k.code() : null;
    }

}
