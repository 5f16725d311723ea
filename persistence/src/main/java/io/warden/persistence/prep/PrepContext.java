package io.warden.persistence.prep;

import java.util.Objects;

/**
 * Everything about one request that is not the request itself: who sent it, the position the
 * leader gives it in the total order, and the leader's time (preparation never reads a clock).
 *
 * @param sessionId the requesting session (the owner of ephemerals it creates); 0 for the server's
 *                  own requests (container / TTL reaper)
 * @param cxid      the client's request id inside that session
 * @param zxid      the zxid the leader assigns to this request's txn; it must exceed every zxid
 *                  prepared before, because a failed request consumes its zxid too (ZooKeeper logs
 *                  an error txn for it)
 * @param timeMs    the leader's time (ms since the epoch): ctime / mtime of what the txn changes
 * @param auth      the session's ids, for ACL checks and "auth" ACL expansion
 */
public record PrepContext(long sessionId, int cxid, long zxid, long timeMs, SessionAuth auth) {
    public PrepContext {
        Objects.requireNonNull(auth, "auth");
        if (zxid <= 0) {
            throw new IllegalArgumentException("zxid must be positive: " + zxid);
        }
    }
}
