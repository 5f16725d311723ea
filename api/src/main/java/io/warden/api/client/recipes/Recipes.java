package io.warden.api.client.recipes;

import io.warden.api.client.SessionState;
import io.warden.api.client.WardenClient;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.KeeperException;
import io.warden.api.data.Paths;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Helpers shared by the recipes. */
final class Recipes {
    private Recipes() {}

    /** Creates {@code path} and its missing ancestors as persistent nodes; existing ones are fine. */
    static CompletionStage<Void> ensurePath(WardenClient client, String path) {
        if (path.equals("/")) {
            return CompletableFuture.completedFuture(null);
        }
        return ensurePath(client, Paths.parent(path))
                .thenCompose(v -> createIfAbsent(client, path, CreateMode.PERSISTENT));
    }

    /**
     * Creates {@code path} (no data); NODE_EXISTS counts as success, so a create retried after a
     * lost answer, or one that another client made first, is fine.
     */
    static CompletionStage<Void> createIfAbsent(WardenClient client, String path, CreateMode mode) {
        return client.create(path, null, mode).handle((p, e) -> {
            if (e != null && codeOf(e) != Code.NODE_EXISTS) {
                throw rethrow(e);
            }
            return null;
        });
    }

    /**
     * Creates a sequential node {@code dir/prefix<token>-<seq>}. If the answer is lost with the
     * connection the create may still have been applied: the unique token finds it (Curator's
     * "protected" names), so a contender never leaves an orphan node that blocks the others.
     */
    static CompletionStage<String> createProtected(WardenClient client, String dir, String prefix, byte[] data,
                                                   CreateMode mode) {
        return createProtected(client, dir, prefix + UUID.randomUUID() + "-", data, mode, 0);
    }

    private static CompletionStage<String> createProtected(WardenClient client, String dir, String tokenPrefix,
                                                           byte[] data, CreateMode mode, int attempt) {
        return client.create(Paths.child(dir, tokenPrefix), data, mode).handle((created, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(created);
            }
            if (codeOf(e) == Code.CONNECTION_LOSS && attempt < 10) {
                return client.getChildren(dir).thenCompose(children -> children.stream()
                        .filter(c -> c.startsWith(tokenPrefix)).findFirst()
                        .<CompletionStage<String>>map(c -> CompletableFuture.completedFuture(Paths.child(dir, c)))
                        .orElseGet(() -> createProtected(client, dir, tokenPrefix, data, mode, attempt + 1)));
            }
            return CompletableFuture.<String>failedFuture(e);
        }).thenCompose(s -> s);
    }

    /** The children of {@code dir} whose names start with one of {@code prefixes}, in sequence order. */
    static CompletionStage<List<String>> queue(WardenClient client, String dir, String... prefixes) {
        return client.getChildren(dir).thenApply(children -> inSequence(children, prefixes));
    }

    /** Those of {@code children} whose names start with one of {@code prefixes}, in sequence order. */
    static List<String> inSequence(List<String> children, String... prefixes) {
        return children.stream().filter(c -> Arrays.stream(prefixes).anyMatch(c::startsWith))
                .sorted(Comparator.comparing(Recipes::sequence)).toList();
    }

    /** The sequence ZooKeeper appended: the last 10 characters. */
    static String sequence(String name) {
        return name.substring(Math.max(0, name.length() - 10));
    }

    /** Completes when {@code path} does not exist (at once if it does not now). */
    static CompletionStage<Void> whenGone(WardenClient client, String path) {
        return client.watchExists(path).thenCompose(w -> w.value().isEmpty()
                ? CompletableFuture.completedFuture(null)
                : w.change().thenCompose(event -> whenGone(client, path)));
    }

    /** Completes when {@code path} exists (at once if it does now). */
    static CompletionStage<Void> whenExists(WardenClient client, String path) {
        return client.watchExists(path).thenCompose(w -> w.value().isPresent()
                ? CompletableFuture.completedFuture(null)
                : w.change().thenCompose(event -> whenExists(client, path)));
    }

    /** Completes with the terminal state when the session ends. */
    static CompletableFuture<SessionState> sessionEnd(WardenClient client) {
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

    static Code codeOf(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof KeeperException k ? k.code() : null;
    }

    static CompletionException rethrow(Throwable e) {
        return e instanceof CompletionException c ? c : new CompletionException(e);
    }

    /** A stage that ignores NO_NODE (a delete of something already gone). */
    static CompletionStage<Void> deleteIfPresent(WardenClient client, String path) {
        return client.delete(path, -1).exceptionally(e -> {
            if (codeOf(e) == Code.NO_NODE) {
                return null;
            }
            throw rethrow(e);
        });
    }
}
