package io.warden.api.data;

/** Watch event types, ZooKeeper's wire values. */
public enum EventType {
    NONE(-1),
    NODE_CREATED(1),
    NODE_DELETED(2),
    NODE_DATA_CHANGED(3),
    NODE_CHILDREN_CHANGED(4),
    DATA_WATCH_REMOVED(5),
    CHILD_WATCH_REMOVED(6),
    PERSISTENT_WATCH_REMOVED(7);

    private final int intValue;

    EventType(int intValue) {
        this.intValue = intValue;
    }

    public int intValue() {
        return intValue;
    }

    public static EventType of(int value) {
        for (EventType type : values()) {
            if (type.intValue == value) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown watch event type " + value);
    }
}
