package io.warden.api.data;

/** Session states carried in watch events, ZooKeeper's wire values. */
public enum KeeperState {
    UNKNOWN(-1),
    DISCONNECTED(0),
    NO_SYNC_CONNECTED(1),
    SYNC_CONNECTED(3),
    AUTH_FAILED(4),
    CONNECTED_READ_ONLY(5),
    SASL_AUTHENTICATED(6),
    CLOSED(7),
    EXPIRED(-112);

    private final int intValue;

    KeeperState(int intValue) {
        this.intValue = intValue;
    }

    public int intValue() {
        return intValue;
    }

    public static KeeperState of(int value) {
        for (KeeperState state : values()) {
            if (state.intValue == value) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown keeper state " + value);
    }
}
