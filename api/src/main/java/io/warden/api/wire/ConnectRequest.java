package io.warden.api.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * The first frame of a connection, from the client:
 * <pre>
 * protocolVersion:int lastZxidSeen:long timeOut:int sessionId:long passwd:buffer [readOnly:boolean]
 * </pre>
 * Clients older than read-only mode stop before {@code readOnly}; ZooKeeper then leaves the flag
 * out of its answer too, so the request remembers whether it was there.
 *
 * @param sessionId       0 to ask for a new session, else the session to resume
 * @param passwd          the session's password (16 bytes from ZooKeeper clients); may be null
 * @param readOnly        whether the client accepts a read-only server
 * @param hasReadOnlyFlag whether the trailing readOnly byte was (or is to be) sent
 */
public record ConnectRequest(int protocolVersion, long lastZxidSeen, int sessionTimeoutMs, long sessionId,
                             byte[] passwd, boolean readOnly, boolean hasReadOnlyFlag) {
    public ConnectRequest {
        if (readOnly && !hasReadOnlyFlag) {
            throw new IllegalArgumentException("readOnly cannot be set without the readOnly flag on the wire");
        }
    }

    /** A request in the current form (with the readOnly flag). */
    public ConnectRequest(int protocolVersion, long lastZxidSeen, int sessionTimeoutMs, long sessionId,
                          byte[] passwd, boolean readOnly) {
        this(protocolVersion, lastZxidSeen, sessionTimeoutMs, sessionId, passwd, readOnly, true);
    }

    @Override public boolean equals(Object o) {
        return o instanceof ConnectRequest c && protocolVersion == c.protocolVersion
                && lastZxidSeen == c.lastZxidSeen && sessionTimeoutMs == c.sessionTimeoutMs
                && sessionId == c.sessionId && Arrays.equals(passwd, c.passwd) && readOnly == c.readOnly
                && hasReadOnlyFlag == c.hasReadOnlyFlag;
    }

    @Override public int hashCode() {
        return Objects.hash(protocolVersion, lastZxidSeen, sessionTimeoutMs, sessionId, Arrays.hashCode(passwd),
                readOnly, hasReadOnlyFlag);
    }

    @Override public String toString() {
        return "ConnectRequest[protocolVersion=" + protocolVersion + ", lastZxidSeen=0x"
                + Long.toHexString(lastZxidSeen) + ", sessionTimeoutMs=" + sessionTimeoutMs + ", sessionId=0x"
                + Long.toHexString(sessionId) + ", passwd=" + Bytes.describe(passwd) + ", readOnly=" + readOnly
                + ", hasReadOnlyFlag=" + hasReadOnlyFlag + "]";
    }
}
