package io.warden.api.client.recipes;

import io.warden.api.client.Change;
import io.warden.api.client.WardenClient;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Service discovery: an instance registers as an ephemeral node {@code base/service/instanceId}
 * holding its payload (an address, a JSON document), so it disappears when its session ends;
 * clients list the instances and follow them with the change stream.
 * <pre>{@code
 * ServiceRegistry registry = new ServiceRegistry(client, "/services");
 * registry.register("orders", "host-1:8080", payload);
 * registry.instances("orders").thenAccept(map -> ...);          // instanceId -> payload
 * registry.changes("orders").subscribe(subscriber);             // Change.Event: created = up, deleted = down
 * }</pre>
 * A registration lives as long as the session that made it: after expiry the instance must
 * register again with a new client.
 */
public final class ServiceRegistry {
    private final WardenClient client;
    private final String base;

    public ServiceRegistry(WardenClient client, String base) {
        Paths.validate(base);
        this.client = client;
        this.base = base;
    }

    /** Registers (or, for the same session, updates) an instance; completes with its node. */
    public CompletionStage<String> register(String service, String instanceId, byte[] payload) {
        String node = node(service, instanceId);
        return Recipes.ensurePath(client, Paths.parent(node))
                .thenCompose(v -> client.create(node, payload, CreateMode.EPHEMERAL).handle((p, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(node);
                    }
                    if (Recipes.codeOf(e) == Code.NODE_EXISTS) {
                        return client.exists(node).thenCompose(stat -> {
                            if (stat.isPresent() && stat.get().ephemeralOwner() == client.sessionId()) {
                                return client.setData(node, payload, -1).thenApply(s -> node);
                            }
                            return CompletableFuture.<String>failedFuture(e); // another live session holds it
                        });
                    }
                    return CompletableFuture.<String>failedFuture(e);
                }).thenCompose(s -> s));
    }

    public CompletionStage<Void> unregister(String service, String instanceId) {
        return Recipes.deleteIfPresent(client, node(service, instanceId));
    }

    /** The instances now: instanceId to payload, sorted by id; empty if none ever registered. */
    public CompletionStage<Map<String, byte[]>> instances(String service) {
        String dir = Paths.child(base, service);
        return client.getChildren(dir).handle((children, e) -> {
            if (e != null && Recipes.codeOf(e) == Code.NO_NODE) {
                return CompletableFuture.completedFuture((Map<String, byte[]>) new TreeMap<String, byte[]>());
            }
            if (e != null) {
                return CompletableFuture.<Map<String, byte[]>>failedFuture(e);
            }
            List<CompletableFuture<byte[]>> reads = new ArrayList<>();
            for (String c : children) {
                reads.add(client.getData(Paths.child(dir, c)).thenApply(d -> d.data())
                        .exceptionally(x -> null).toCompletableFuture()); // gone meanwhile: left out
            }
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(v -> {
                Map<String, byte[]> out = new TreeMap<>();
                for (int i = 0; i < children.size(); i++) {
                    byte[] data = reads.get(i).join();
                    if (data != null) {
                        out.put(children.get(i), data);
                    }
                }
                return out;
            });
        }).thenCompose(s -> s);
    }

    /**
     * Instances coming and going, as the client's exactly-once change stream of the service's
     * directory: NODE_CREATED is an instance up, NODE_DELETED down, NODE_DATA_CHANGED a new payload.
     */
    public Flow.Publisher<Change> changes(String service) {
        return client.changes(Paths.child(base, service));
    }

    private String node(String service, String instanceId) {
        String node = Paths.child(Paths.child(base, service), instanceId);
        Paths.validate(node);
        if (!Paths.parent(Paths.parent(node)).equals(base)) {
            throw new IllegalArgumentException("service and instance id must be single path segments: "
                    + service + ", " + instanceId);
        }
        return node;
    }
}
