package io.warden.actors.election;

/** What a peer is doing, as it says in its notifications (ZooKeeper's ServerState). */
public enum PeerState {
    LOOKING,
    FOLLOWING,
    LEADING,
    OBSERVING;

    /** The wire code of this state in election notifications. */
    public int code() {
        return ordinal();
    }

    public static PeerState ofCode(int code) {
        PeerState[] all = values();
        if (code < 0 || code >= all.length) {
            throw new IllegalArgumentException("unknown peer state code " + code);
        }
        return all[code];
    }
}
