package io.warden.persistence.tree;

import io.warden.api.data.EventType;

import java.util.Objects;

/**
 * A watch event an applied txn fires, as data: the tree keeps no watch registry, the server's
 * watch manager matches triggers to watches.
 *
 * @param path the node the event is about (the parent for NODE_CHILDREN_CHANGED)
 * @param type NODE_CREATED, NODE_DELETED, NODE_DATA_CHANGED or NODE_CHILDREN_CHANGED
 */
public record WatchTrigger(String path, EventType type) {
    public WatchTrigger {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
    }
}
