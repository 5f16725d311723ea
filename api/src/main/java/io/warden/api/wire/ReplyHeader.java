package io.warden.api.wire;

import io.warden.api.data.Code;
import java.util.Objects;

/**
 * The header of every server-to-client frame: the xid of the request it answers (or
 * {@link ClientRequest#NOTIFICATION_XID} for a watch event), the server's last processed zxid,
 * and the result code. A body follows only when {@code err} is OK.
 */
public record ReplyHeader(int xid, long zxid, Code err) {
    public ReplyHeader {
        Objects.requireNonNull(err, "err");
    }
}
