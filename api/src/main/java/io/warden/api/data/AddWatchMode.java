package io.warden.api.data;

/** Mode of an addWatch request, ZooKeeper's wire values. */
public enum AddWatchMode {
    PERSISTENT(0), PERSISTENT_RECURSIVE(1);

    private final int intValue;

    AddWatchMode(int intValue) {
        this.intValue = intValue;
    }

    public int intValue() {
        return intValue;
    }

    public static AddWatchMode of(int value) {
        for (AddWatchMode mode : values()) {
            if (mode.intValue == value) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown addWatch mode " + value);
    }
}
