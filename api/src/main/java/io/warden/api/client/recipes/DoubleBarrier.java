package io.warden.api.client.recipes;

import io.warden.api.client.WardenClient;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Paths;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A double barrier (ZooKeeper's recipe): {@link #enter()} completes once {@code parties}
 * participants have entered, {@link #leave()} once every participant has left. Each participant
 * is an ephemeral node, so a crashed participant leaves by itself when its session ends. The
 * participant that sees the count reached creates a {@code ready} node that the others wait for.
 * <pre>{@code
 * DoubleBarrier round = new DoubleBarrier(client, "/barriers/round-7", 3);
 * round.enter().thenCompose(v -> compute()).thenCompose(r -> round.leave());
 * }</pre>
 * One round per path: use a fresh path per round (a participant that enters again before
 * everyone has left would count towards the old round).
 */
public final class DoubleBarrier {
    private static final String READY = "ready";

    private final WardenClient client;
    private final String path;
    private final int parties;
    private final String me;

    public DoubleBarrier(WardenClient client, String path, int parties) {
        Paths.validate(path);
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1: " + parties);
        }
        this.client = client;
        this.path = path;
        this.parties = parties;
        this.me = Paths.child(path, "p-" + UUID.randomUUID());
    }

    /** Enters; completes when {@code parties} participants have. */
    public CompletionStage<Void> enter() {
        String ready = Paths.child(path, READY);
        return Recipes.ensurePath(client, path)
                // NODE_EXISTS for our own node: a retried create that had been applied.
                .thenCompose(v -> Recipes.createIfAbsent(client, me, CreateMode.EPHEMERAL))
                .thenCompose(v -> client.getChildren(path))
                .thenCompose(children -> participants(children).size() >= parties
                        ? Recipes.createIfAbsent(client, ready, CreateMode.PERSISTENT)
                        : Recipes.whenExists(client, ready));
    }

    /** Leaves; completes when every participant has left. */
    public CompletionStage<Void> leave() {
        return Recipes.deleteIfPresent(client, me).thenCompose(v -> allGone())
                .thenCompose(v -> Recipes.deleteIfPresent(client, Paths.child(path, READY)));
    }

    private CompletionStage<Void> allGone() {
        return client.watchChildren(path).thenCompose(w -> participants(w.value()).isEmpty()
                ? CompletableFuture.completedFuture(null)
                : w.change().thenCompose(event -> allGone()));
    }

    private static List<String> participants(List<String> children) {
        return children.stream().filter(c -> !c.equals(READY)).toList();
    }
}
