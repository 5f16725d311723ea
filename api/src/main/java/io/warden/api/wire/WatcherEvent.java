package io.warden.api.wire;

import io.warden.api.data.EventType;
import io.warden.api.data.KeeperState;
import java.util.Objects;

/**
 * A watch notification. On the wire it is a reply header with xid
 * {@link ClientRequest#NOTIFICATION_XID}, err 0 and the zxid of the change that fired the watch
 * (ZooKeeper 3.9 sends it; {@link #NO_ZXID} when there is none), followed by
 * {@code type:int state:int path:ustring}.
 */
public record WatcherEvent(EventType type, KeeperState state, String path, long zxid) {
    /** The zxid of an event that no txn caused. */
    public static final long NO_ZXID = -1L;

    public WatcherEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
    }

    /** An event with no zxid. */
    public WatcherEvent(EventType type, KeeperState state, String path) {
        this(type, state, path, NO_ZXID);
    }
}
