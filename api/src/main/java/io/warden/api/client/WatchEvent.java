package io.warden.api.client;

import io.warden.api.data.EventType;
import java.util.Objects;

/**
 * A change a watch reported: what happened, to which path (relative to the chroot), and the
 * zxid of the txn that caused it ({@code -1} when the server sent none).
 */
public record WatchEvent(EventType type, String path, long zxid) {
    public WatchEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
    }
}
