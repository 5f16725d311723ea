package io.warden.api.client;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A read that left a one-shot watch: the value read, and the first change after it. The watch
 * survives reconnects (re-registered with the last zxid seen, so a change missed meanwhile fires
 * it at once); it fails with SESSION_EXPIRED or {@link ClientClosedException} when the session ends.
 */
public record Watched<T>(T value, CompletionStage<WatchEvent> change) {
    public Watched {
        Objects.requireNonNull(change, "change");
    }
}
