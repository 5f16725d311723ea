package io.warden.api.wire;

import java.util.Objects;

/**
 * One request frame: the client's xid and the operation. Ordinary requests carry the client's
 * increasing counter; a few carry fixed negative xids, which the server echoes in its reply.
 */
public record ClientRequest(int xid, Request request) {
    /** xid of a watch notification (server to client only). */
    public static final int NOTIFICATION_XID = -1;
    public static final int PING_XID = -2;
    public static final int AUTH_XID = -4;
    public static final int SET_WATCHES_XID = -8;

    /** The ping every ZooKeeper client sends. */
    public static final ClientRequest PING = new ClientRequest(PING_XID, Request.Ping.INSTANCE);

    public ClientRequest {
        Objects.requireNonNull(request, "request");
    }
}
