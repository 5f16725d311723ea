package io.warden.api.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * The server's answer to {@link ConnectRequest}:
 * <pre>
 * protocolVersion:int timeOut:int sessionId:long passwd:buffer [readOnly:boolean]
 * </pre>
 * {@code readOnly} is sent only to a client that sent it ({@code hasReadOnlyFlag}). A refused
 * session (expired, bad password) is answered with timeout 0 and session id 0, then the
 * connection is closed.
 *
 * @param readOnly        whether this server is serving read-only
 * @param hasReadOnlyFlag whether the trailing readOnly byte was (or is to be) sent
 */
public record ConnectResponse(int protocolVersion, int sessionTimeoutMs, long sessionId, byte[] passwd,
                              boolean readOnly, boolean hasReadOnlyFlag) {
    public ConnectResponse {
        if (readOnly && !hasReadOnlyFlag) {
            throw new IllegalArgumentException("readOnly cannot be set without the readOnly flag on the wire");
        }
    }

    @Override public boolean equals(Object o) {
        return o instanceof ConnectResponse c && protocolVersion == c.protocolVersion
                && sessionTimeoutMs == c.sessionTimeoutMs && sessionId == c.sessionId
                && Arrays.equals(passwd, c.passwd) && readOnly == c.readOnly && hasReadOnlyFlag == c.hasReadOnlyFlag;
    }

    @Override public int hashCode() {
        return Objects.hash(protocolVersion, sessionTimeoutMs, sessionId, Arrays.hashCode(passwd), readOnly,
                hasReadOnlyFlag);
    }

    @Override public String toString() {
        return "ConnectResponse[protocolVersion=" + protocolVersion + ", sessionTimeoutMs=" + sessionTimeoutMs
                + ", sessionId=0x" + Long.toHexString(sessionId) + ", passwd=" + Bytes.describe(passwd)
                + ", readOnly=" + readOnly + ", hasReadOnlyFlag=" + hasReadOnlyFlag + "]";
    }
}
