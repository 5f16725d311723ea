package io.warden.persistence.tree;

import io.warden.api.data.Acl;
import io.warden.api.data.EventType;

import java.util.List;
import java.util.Objects;

/**
 * A watch event an applied txn fires, as data: the tree keeps no watch registry, the server's
 * watch manager matches triggers to watches.
 *
 * @param path the node the event is about (the parent for NODE_CHILDREN_CHANGED)
 * @param type NODE_CREATED, NODE_DELETED, NODE_DATA_CHANGED or NODE_CHILDREN_CHANGED
 * @param acl  the ACL of the node at {@code path} as the txn left it (a deleted node's last ACL):
 *             a session that may not READ under it is not told of the event, as ZooKeeper
 *             filters events by the znode's ACL (CVE-2024-23944)
 */
public record WatchTrigger(String path, EventType type, List<Acl> acl) {
    public WatchTrigger {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(acl, "acl");
    }
}
