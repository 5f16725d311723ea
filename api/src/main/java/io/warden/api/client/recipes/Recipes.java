package io.warden.api.client.recipes;

import io.warden.api.client.WardenClient;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Helpers shared by the recipes. */
final class Recipes {
    private Recipes() {}

    /** Creates {@code path} and its missing ancestors as persistent nodes; existing ones are fine. */
    static CompletionStage<Void> ensurePath(WardenClient client, String path) {
        if (path.equals("/")) {
            return CompletableFuture.completedFuture(null);
        }
        return ensurePath(client, Paths.parent(path))
                .thenCompose(v -> client.create(path, null, CreateMode.PERSISTENT).handle((p, e) -> {
                    if (e != null && DistributedLock.codeOf(e) != Code.NODE_EXISTS) {
                        throw e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
                    }
                    return null;
                }));
    }
}
