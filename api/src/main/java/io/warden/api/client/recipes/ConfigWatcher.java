package io.warden.api.client.recipes;

import io.warden.api.client.NodeData;
import io.warden.api.client.WardenClient;
import io.warden.api.data.Code;
import io.warden.api.data.Paths;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * A configuration value as a stream: the node's current data first, then each new value (empty
 * while the node does not exist). Built on one-shot watches re-armed by the read that follows
 * each change, so a value is never older than the last change notified; a slow subscriber gets
 * the latest value and skips the ones in between (it holds one value, never a backlog).
 * <pre>{@code
 * ConfigWatcher flags = ConfigWatcher.start(client, "/config/feature-flags");
 * flags.values().subscribe(subscriber);   // Optional<NodeData>: data and Stat (version, mzxid)
 * flags.close();
 * }</pre>
 */
public final class ConfigWatcher implements AutoCloseable {
    private final WardenClient client;
    private final String path;
    private final LatestValue<Optional<NodeData>> values = new LatestValue<>();
    private volatile boolean closed;

    private ConfigWatcher(WardenClient client, String path) {
        this.client = client;
        this.path = path;
    }

    /** Starts watching {@code path}. */
    public static ConfigWatcher start(WardenClient client, String path) {
        Paths.validate(path);
        ConfigWatcher w = new ConfigWatcher(client, path);
        w.watch();
        return w;
    }

    /** The values: the current one first, then every change (latest wins for a slow subscriber). */
    public Flow.Publisher<Optional<NodeData>> values() {
        return values;
    }

    private void watch() {
        if (closed) {
            return;
        }
        client.watchData(path).whenComplete((w, e) -> {
            if (e == null) {
                values.set(Optional.of(w.value()));
                w.change().whenComplete((event, e2) -> next(e2));
            } else if (Recipes.codeOf(e) == Code.NO_NODE) {
                client.watchExists(path).whenComplete((x, e2) -> {
                    if (e2 != null) {
                        next(e2);
                    } else if (x.value().isPresent()) {
                        watch();
                    } else {
                        values.set(Optional.empty());
                        x.change().whenComplete((event, e3) -> next(e3));
                    }
                });
            } else {
                next(e);
            }
        });
    }

    private void next(Throwable e) {
        if (e == null || Recipes.codeOf(e) == Code.CONNECTION_LOSS) {
            watch(); // a lost request waits for the next connection
        } else if (client.state().isTerminal()) {
            values.complete();
        } else {
            values.fail(e);
        }
    }

    /** Stops watching; the stream completes. */
    @Override
    public void close() {
        closed = true;
        values.complete();
    }
}
