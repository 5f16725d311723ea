package io.warden.api.client;

import io.warden.api.data.EventType;
import java.util.List;
import java.util.Objects;

/**
 * An element of a change stream ({@link WardenClient#changes(String, long)}): either one change
 * to a node under the stream's path, or a {@link Resync} where the stream could not reconstruct
 * every change it missed while disconnected.
 */
public sealed interface Change {

    /** The zxid of the change, or for a {@link Resync} the zxid after which it lost track. */
    long zxid();

    /**
     * One change: {@code NODE_CREATED}, {@code NODE_DATA_CHANGED} or {@code NODE_DELETED} of
     * {@code path} (relative to the chroot) by the txn {@code zxid}. Changes made by one multi
     * share its zxid.
     */
    record Event(EventType type, String path, long zxid) implements Change {
        public Event {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(path, "path");
            if (type != EventType.NODE_CREATED && type != EventType.NODE_DATA_CHANGED
                    && type != EventType.NODE_DELETED) {
                throw new IllegalArgumentException("a change is a create, a data change or a delete: " + type);
            }
        }
    }

    /**
     * The stream missed changes while it was disconnected (persistent watches do not replay them)
     * and its catch-up read could not prove what they were: for each of {@code paths}, some
     * change after {@code afterZxid} (a data change collapsed into a later one, a delete, a node
     * created and deleted in the gap) may be missing or reported without its exact zxid. Re-read
     * those paths; everything else the stream delivers, before and after this element, is exact.
     */
    record Resync(long afterZxid, List<String> paths) implements Change {
        public Resync {
            paths = List.copyOf(paths);
        }

        @Override
        public long zxid() {
            return afterZxid;
        }
    }
}
