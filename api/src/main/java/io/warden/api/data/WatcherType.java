package io.warden.api.data;

/** Which watches a removeWatches / checkWatches request names, ZooKeeper's wire values. */
public enum WatcherType {
    CHILDREN(1), DATA(2), ANY(3), PERSISTENT(4), PERSISTENT_RECURSIVE(5);

    private final int intValue;

    WatcherType(int intValue) {
        this.intValue = intValue;
    }

    public int intValue() {
        return intValue;
    }

    public static WatcherType of(int value) {
        for (WatcherType type : values()) {
            if (type.intValue == value) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown watcher type " + value);
    }
}
