package io.warden.actors.session;

/**
 * Session ids, ZooKeeper's scheme: the server's myid in the top byte and a counter seeded from
 * the start time below it, so ids from different servers and from different runs of one
 * server do not collide. Pure: the start time is given.
 */
public final class SessionIds {
    private long next;

    public SessionIds(long myid, long startTimeMs) {
        if (myid < 0 || myid > 254) {
            throw new IllegalArgumentException("myid must be between 0 and 254 to fit a session id: " + myid);
        }
        this.next = ((startTimeMs << 24) >>> 8) | (myid << 56);
    }

    public long next() {
        return next++;
    }
}
